using System.Globalization;

namespace MiniOdooServer.Configuration.Values;

/// <summary>A whole number within an inclusive range.</summary>
public sealed class IntegerSyntax(int min, int max, string? expected = null) : ValueSyntax<int>
{
    public static readonly IntegerSyntax Port = new(1, 65535, "a port number from 1 to 65535");
    public static readonly IntegerSyntax NonNegative = new(0, int.MaxValue);
    public static readonly IntegerSyntax Positive = new(1, int.MaxValue);
    public static readonly IntegerSyntax Any = new(int.MinValue, int.MaxValue, "a whole number");

    public override string Expected { get; } = expected ?? (max == int.MaxValue
        ? $"a whole number ≥ {min}"
        : $"a whole number from {min} to {max}");

    public override bool TryParse(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    public override string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
