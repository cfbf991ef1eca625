namespace MiniOdooServer.Configuration.Values;

/// <summary>
/// Free text, kept verbatim (quotes included, as Odoo keeps them). Optional text reads <c>False</c>, <c>None</c> or
/// nothing as unset (null), and writes unset as Odoo's save does: <c>False</c>, or <c>None</c> for logfile and pidfile.
/// </summary>
public sealed class TextSyntax : ValueSyntax<string?>
{
    public static readonly TextSyntax Required = new(optional: false, unset: "");

    /// <summary>An Odoo text option whose default is False (db_host, db_user…): Odoo reads None as the text "None".</summary>
    public static readonly TextSyntax Optional = new(optional: true, unset: "False");

    /// <summary>logfile and pidfile, which Odoo saves as None when unset and reads None and False back as unset.</summary>
    public static readonly TextSyntax OptionalPath = new(optional: true, unset: "None");

    private readonly bool _optional;
    private readonly string _unset;

    private TextSyntax(bool optional, string unset)
    {
        _optional = optional;
        _unset = unset;
    }

    public override string Expected => _optional ? "text, or False" : "text";

    public override bool TryParse(string text, out string? value)
    {
        value = _optional && IsUnset(text) ? null : text;
        return true;
    }

    public override string? OdooReadsOtherwise(string text) => _optional && _unset == "False" && text == "None"
        ? "Odoo reads it as the text 'None'; mini-odoo reads it as unset: write False"
        : null;

    public override string Format(string? value) => value ?? _unset;
}
