namespace MiniOdooServer.Configuration.Values;

/// <summary>A boolean written the way Odoo writes it (<c>True</c>/<c>False</c>); lower case and 1/0 read too.</summary>
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
            case "False" or "false" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public override string Format(bool value) => value ? "True" : "False";
}
