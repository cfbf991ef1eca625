using System.CommandLine.Parsing;
using System.Globalization;

namespace MiniOdooServer.Experiments.Sizing;

/// <summary>
/// The two value syntaxes of <c>sizing</c> that System.CommandLine has no parser for: a speed list ("1,2,4", each
/// with an optional trailing x) and a latency ("1s", "500ms"). Each bad value is one error that names it.
/// </summary>
internal static class SizingValueParsers
{
    /// <summary>Comma-separated speeds from 0.1 to 1000, each with an optional trailing x or ×; distinct and in order.</summary>
    public static IReadOnlyList<double>? Speeds(ArgumentResult result)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        var speeds = new List<double>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var text = part.TrimEnd('x', '×');
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var speed) || speed < 0.1 || speed > 1000)
            {
                result.AddError($"{WholeNumberParser.OptionName(result)} '{part}' is not a speed from 0.1 to 1000 (e.g. --speed 1,2,4)");
                return null;
            }
            speeds.Add(speed);
        }
        if (speeds.Count == 0)
        {
            result.AddError($"{WholeNumberParser.OptionName(result)} needs at least one speed (e.g. --speed 1,2,4)");
            return null;
        }
        return [.. speeds.Distinct().Order()];
    }

    /// <summary>A latency from 1 ms to 600 s: "1s", "500ms", "1.5s", or a bare number of seconds.</summary>
    public static TimeSpan? Latency(ArgumentResult result)
    {
        var value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (ParseDuration(value) is { } duration)
        {
            return duration;
        }
        result.AddError($"{WholeNumberParser.OptionName(result)} '{value}' is not a duration from 1ms to 600s (e.g. 1s, 500ms)");
        return null;
    }

    private static TimeSpan? ParseDuration(string value)
    {
        var (number, scale) = value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith('s') ? (value[..^1], 1.0)
            : (value, 1.0);
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return null;
        }
        var seconds = amount * scale;
        return seconds is >= 0.001 and <= 600 ? TimeSpan.FromSeconds(seconds) : null;
    }
}
