namespace MiniOdooServer.Configuration.Ini;

/// <summary>Python's <c>str</c> operations that <see cref="RawConfigParser"/> relies on, where .NET's differ.</summary>
internal static class PythonText
{
    /// <summary>Python's <c>str.isspace</c>: .NET's white space, plus the four separators U+001C to U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    public static string Strip(string text) => StripEnd(StripStart(text));

    public static string StripStart(string text)
    {
        var start = 0;
        while (start < text.Length && IsSpace(text[start]))
        {
            start++;
        }
        return text[start..];
    }

    public static string StripEnd(string text)
    {
        var end = text.Length;
        while (end > 0 && IsSpace(text[end - 1]))
        {
            end--;
        }
        return text[..end];
    }

    /// <summary>Where the first character that is not white space sits (Python's <c>\S</c> search); 0 for a blank line.</summary>
    public static int IndentOf(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (!IsSpace(line[i]))
            {
                return i;
            }
        }
        return 0;
    }

    /// <summary>Python's <c>str.lower</c>, which <c>optionxform</c> applies to every key; invariant, as Python's ignores the locale.</summary>
    public static string Lower(string text) => text.ToLowerInvariant();
}
