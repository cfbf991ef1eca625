using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// A bench query parameter: a whole number from 0 to a cap. Anything else (missing, repeated, not a plain decimal
/// integer, negative, above the cap) is refused with a message saying what was expected.
/// </summary>
internal sealed record BenchParameter(string Name, int Max, string Unit)
{
    public static readonly BenchParameter Units = new("units", 600_000, "CPU units of about 1 ms");
    public static readonly BenchParameter Milliseconds = new("ms", 600_000, "milliseconds");
    public static readonly BenchParameter Mebibytes = new("mb", 65_536, "MiB");
    public static readonly BenchParameter Seconds = new("s", 3_600, "seconds");
    public static readonly BenchParameter Kibibytes = new("kb", 16_384, "KiB of JSON");

    public string Expected => $"an integer from 0 to {Max.ToString(CultureInfo.InvariantCulture)} ({Unit})";

    /// <summary>Reads the parameter from a query string; on failure <paramref name="error"/> says why.</summary>
    public bool TryRead(IQueryCollection query, out int value, out string? error)
    {
        value = 0;
        if (!query.TryGetValue(Name, out var values) || values.Count == 0)
        {
            error = $"missing query parameter '{Name}': expected {Expected}";
            return false;
        }
        if (values.Count > 1)
        {
            error = $"query parameter '{Name}' is given {values.Count.ToString(CultureInfo.InvariantCulture)} times: expected it once";
            return false;
        }
        return TryParse(values[0], out value, out error);
    }

    /// <summary>Parses one value: plain decimal digits only, at most <see cref="Max"/>.</summary>
    public bool TryParse(string? text, out int value, out string? error)
    {
        value = 0;
        error = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.StartsWith('-') && trimmed.Length > 1 && trimmed.Skip(1).All(char.IsAsciiDigit))
        {
            error = $"query parameter '{Name}' = '{text}' is negative: expected {Expected}";
            return false;
        }
        if (trimmed.Length == 0 || !trimmed.All(char.IsAsciiDigit))
        {
            error = $"query parameter '{Name}' = '{text}' is not a number: expected {Expected}";
            return false;
        }
        if (!int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value > Max)
        {
            value = 0;
            error = $"query parameter '{Name}' = '{text}' is too large: expected {Expected}";
            return false;
        }
        return true;
    }
}
