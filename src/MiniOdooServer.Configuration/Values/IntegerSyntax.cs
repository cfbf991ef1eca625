using System.Globalization;

namespace MiniOdooServer.Configuration.Values;

/// <summary>
/// A whole number within an inclusive range, as Python's <c>int()</c> reads it. <c>False</c> reads as 0 where 0 is
/// allowed: Odoo keeps it as Python's False, which counts as 0 (<c>workers = False</c> is the threaded server).
/// </summary>
public sealed class IntegerSyntax(int min, int max, string? expected = null) : ValueSyntax<int>
{
    public static readonly IntegerSyntax Port = new(1, 65535, "a port number from 1 to 65535");
    public static readonly IntegerSyntax NonNegative = new(0, int.MaxValue);
    public static readonly IntegerSyntax Positive = new(1, int.MaxValue);

    public override string Expected { get; } = expected ?? (max == int.MaxValue
        ? $"a whole number ≥ {min}"
        : $"a whole number from {min} to {max}");

    public override bool TryParse(string text, out int value)
    {
        value = 0;
        if (text is "False" or "false")
        {
            return min <= 0 && max >= 0;
        }
        if (!PythonInteger.TryParse(text, out var number) || number < min || number > max)
        {
            return false;
        }
        value = (int)number;
        return true;
    }

    public override string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
