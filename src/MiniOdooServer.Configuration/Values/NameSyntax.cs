namespace MiniOdooServer.Configuration.Values;

/// <summary>A module name: letters, digits and underscores.</summary>
public sealed class NameSyntax : ValueSyntax<string>
{
    public static readonly NameSyntax Instance = new();

    public override string Expected => "module names (letters, digits, _)";

    public override bool TryParse(string text, out string value)
    {
        value = text;
        return text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
    }

    public override string Format(string value) => value;
}
