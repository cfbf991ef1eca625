using System.Globalization;

namespace MiniOdooServer.Configuration.Values;

/// <summary>
/// Whole numbers as Python's <c>int()</c> reads them, which Odoo applies to numeric options: an optional sign, ASCII
/// digits, and single underscores between digits (<c>2_147_483_648</c>).
/// </summary>
internal static class PythonInteger
{
    public static bool TryParse(string text, out long value)
    {
        value = 0;
        var digits = text.Replace("_", "", StringComparison.Ordinal);
        if (digits.Length != text.Length && !UnderscoresBetweenDigits(text))
        {
            return false;
        }
        return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static bool UnderscoresBetweenDigits(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && (i == 0 || i == text.Length - 1 || !char.IsAsciiDigit(text[i - 1]) || !char.IsAsciiDigit(text[i + 1])))
            {
                return false;
            }
        }
        return true;
    }
}
