using System.Globalization;

namespace MiniOdooServer.Configuration.Values;

/// <summary>
/// A memory size in bytes, as Odoo writes it (<c>2147483648</c>). A K, M or G suffix (powers of 1024) is accepted too,
/// and written back as plain bytes so that Odoo can read a saved file.
/// </summary>
public sealed class ByteSizeSyntax : ValueSyntax<long>
{
    public static readonly ByteSizeSyntax Instance = new();

    public override string Expected => "a size in bytes greater than 0 (a K, M or G suffix is allowed)";

    public override bool TryParse(string text, out long value)
    {
        value = 0;
        var multiplier = 1L;
        var digits = text.Trim();
        if (digits.Length > 0 && char.IsLetter(digits[^1]))
        {
            multiplier = char.ToUpperInvariant(digits[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, _ => 0 };
            digits = digits[..^1];
        }
        if (multiplier == 0 || digits.StartsWith('-') || !PythonInteger.TryParse(digits, out var number))
        {
            return false;
        }
        value = number * multiplier;
        return value > 0 && value / multiplier == number;
    }

    public override string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
