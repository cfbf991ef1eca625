namespace MiniOdooServer.Configuration.Values;

/// <summary>Free text. Optional text reads <c>None</c>/<c>False</c> as unset (null), as Odoo does for logfile and pidfile.</summary>
public sealed class TextSyntax(bool optional) : ValueSyntax<string?>
{
    public static readonly TextSyntax Required = new(optional: false);
    public static readonly TextSyntax Optional = new(optional: true);

    public override string Expected => optional ? "text, or None" : "text";

    public override bool TryParse(string text, out string? value)
    {
        value = optional && IsUnset(text) ? null : text;
        return true;
    }

    public override string Format(string? value) => value ?? (optional ? "None" : "");
}
