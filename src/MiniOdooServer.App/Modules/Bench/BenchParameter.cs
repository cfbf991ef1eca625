using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// A bench query parameter: a number from 0 to a cap, whole or (when <see cref="Fraction"/>) with decimals such as
/// <c>12.5</c>. Anything else (missing, repeated, not a plain decimal number, negative, above the cap) is refused with
/// a message naming the parameter and saying what was expected.
/// </summary>
internal sealed record BenchParameter(string Name, int Max, string Unit, bool Fraction = false)
{
    /// <summary>
    /// The CPU ceiling of every bench route: 10 s of one core, a sixth of Odoo's default <c>limit_time_cpu</c> (60 s),
    /// so no valid request reaches the default limit; a worker configured with a lower limit is still killed by it.
    /// </summary>
    public const int MaxCpuMilliseconds = 10_000;

    public static readonly BenchParameter CpuMilliseconds = new("ms", MaxCpuMilliseconds, "ms of the serving thread's CPU time", Fraction: true);
    public static readonly BenchParameter Units = new("units", MaxCpuMilliseconds, "CPU units: 1 unit = 1 ms of thread CPU time", Fraction: true);
    public static readonly BenchParameter Milliseconds = new("ms", 600_000, "milliseconds");
    public static readonly BenchParameter Mebibytes = new("mb", 65_536, "MiB");
    public static readonly BenchParameter Seconds = new("s", 3_600, "seconds");
    public static readonly BenchParameter Kibibytes = new("kb", 16_384, "KiB of JSON");
    public static readonly BenchParameter ReplaySql = new("sql_ms", 10_000, "ms waited on SQL in all", Fraction: true);
    public static readonly BenchParameter ReplayCpu = new("cpu_ms", MaxCpuMilliseconds, "ms of thread CPU time in all", Fraction: true);
    public static readonly BenchParameter ReplayQueries = new("queries", 10_000, "SQL round trips");

    public string Expected =>
        $"{(Fraction ? "a number" : "an integer")} from 0 to {Max.ToString(CultureInfo.InvariantCulture)} ({Unit})";

    /// <summary>Reads a whole-number parameter from a query string; on failure <paramref name="error"/> says why.</summary>
    public bool TryRead(IQueryCollection query, out int value, out string? error)
    {
        var read = TryReadNumber(query, out var number, out error);
        value = (int)number;
        return read;
    }

    /// <summary>Reads the parameter from a query string; on failure <paramref name="error"/> says why.</summary>
    public bool TryReadNumber(IQueryCollection query, out double value, out string? error)
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
        return TryParseNumber(values[0], out value, out error);
    }

    /// <summary>
    /// Reads <paramref name="primary"/>, or its <paramref name="synonym"/> when only that is given (never both);
    /// a missing value is reported under the primary name.
    /// </summary>
    public static bool TryReadEither(IQueryCollection query, BenchParameter primary, BenchParameter synonym, out double value, out string? error)
    {
        var hasPrimary = query.ContainsKey(primary.Name);
        if (hasPrimary && query.ContainsKey(synonym.Name))
        {
            value = 0;
            error = $"query parameters '{primary.Name}' and '{synonym.Name}' are synonyms: give one of them";
            return false;
        }
        return (hasPrimary || !query.ContainsKey(synonym.Name) ? primary : synonym).TryReadNumber(query, out value, out error);
    }

    /// <summary>Parses one whole-number value (see <see cref="TryParseNumber"/>).</summary>
    public bool TryParse(string? text, out int value, out string? error)
    {
        var parsed = TryParseNumber(text, out var number, out error);
        value = (int)number;
        return parsed;
    }

    /// <summary>Parses one value: plain decimal digits (and one decimal point when fractions are allowed), at most <see cref="Max"/>.</summary>
    public bool TryParseNumber(string? text, out double value, out string? error)
    {
        value = 0;
        error = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.StartsWith('-') && IsPlainNumber(trimmed[1..]))
        {
            error = $"query parameter '{Name}' = '{text}' is negative: expected {Expected}";
            return false;
        }
        if (!IsPlainNumber(trimmed))
        {
            error = $"query parameter '{Name}' = '{text}' is not a number: expected {Expected}";
            return false;
        }
        if (!double.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) || value > Max)
        {
            value = 0;
            error = $"query parameter '{Name}' = '{text}' is too large: expected {Expected}";
            return false;
        }
        return true;
    }

    // Digits, or with fractions digits around one point ("12.5", "0.25"): no sign, exponent, hex or thousands separator.
    private bool IsPlainNumber(string text)
    {
        var point = Fraction ? text.IndexOf('.') : -1;
        var whole = point < 0 ? text : text[..point];
        var decimals = point < 0 ? "1" : text[(point + 1)..];
        return whole.Length > 0 && decimals.Length > 0 && whole.All(char.IsAsciiDigit) && decimals.All(char.IsAsciiDigit);
    }
}
