namespace MiniOdooServer.Configuration.Values;

/// <summary>
/// A bus channel name, or a prefix of names when it ends with <c>*</c> (<c>private.*</c>): no whitespace, no control
/// character, and <c>*</c> only last.
/// </summary>
public sealed class ChannelPatternSyntax : ValueSyntax<string>
{
    public static readonly ChannelPatternSyntax Instance = new();

    public override string Expected => "channel names, or prefixes ending with * (e.g. private.*)";

    public override bool TryParse(string text, out string value)
    {
        value = text;
        var star = text.IndexOf('*', StringComparison.Ordinal);
        return text.Length > 0 && (star < 0 || star == text.Length - 1) &&
               !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
    }

    public override string Format(string value) => value;
}
