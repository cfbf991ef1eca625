using System.Globalization;

namespace MiniOdooServer.Configuration.Values;

/// <summary>A duration in seconds that may have a fraction (<c>0.2</c>), as Python's <c>float()</c> reads Odoo's float options.</summary>
public sealed class SecondsSyntax : ValueSyntax<double>
{
    public static readonly SecondsSyntax NonNegative = new();

    public override string Expected => "a number of seconds ≥ 0, e.g. 0.2";

    public override bool TryParse(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) &&
        double.IsFinite(value) && value >= 0;

    public override string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
