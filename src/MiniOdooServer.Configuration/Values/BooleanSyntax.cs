namespace MiniOdooServer.Configuration.Values;

/// <summary>
/// A boolean written the way Odoo writes it (<c>True</c>/<c>False</c>); lower case, 1/0 and an empty value (false, as
/// Odoo reads it) read too. Any other word is refused: Odoo would take it as true, <c>no</c> included.
/// </summary>
public sealed class BooleanSyntax : ValueSyntax<bool>
{
    public static readonly BooleanSyntax Instance = new();

    public override string Expected => "True or False";

    public override bool TryParse(string text, out bool value)
    {
        switch (text)
        {
            case "True" or "true" or "1":
                value = true;
                return true;
            case "False" or "false" or "0" or "":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    // Odoo turns only True/true and False/false into booleans; any other text is kept, and a non-empty text is true.
    public override string? OdooReadsOtherwise(string text) =>
        text == "0" ? "Odoo reads it as True (any text but False is true to Odoo); mini-odoo reads it as False" : null;

    public override string Format(bool value) => value ? "True" : "False";
}
