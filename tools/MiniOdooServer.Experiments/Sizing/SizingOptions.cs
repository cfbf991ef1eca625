using System.Globalization;

namespace MiniOdooServer.Experiments.Sizing;

/// <summary>
/// The <c>sizing</c> verb's command line: the log, the sweep's size (quick or full, speeds, window, workers), the
/// latency target, where the report goes and which binary serves.
/// </summary>
internal sealed record SizingOptions(
    string Log,
    bool Quick,
    IReadOnlyList<double> Speeds,
    TimeSpan TargetP95,
    TimeSpan Window,
    int MaxWorkers,
    string? OutputDirectory,
    string? Binary)
{
    public const string Usage =
        """
        usage: dotnet run --project tools/MiniOdooServer.Experiments -c Release -- sizing --log FILE [options]
          --log FILE          the Odoo log to size from (plain or .gz)
          --quick             the reduced sweep: a 10 s window of the log, speeds 1 and 4, threaded + prefork 1/2/4 (< 3 min)
          --speed LIST        replay speeds, comma-separated (e.g. 1,2,4,8): time of the log compressed by each
          --target-p95 TIME   the latency the answer must hold at p95 (default 1s; 500ms, 2s, ...)
          --window SECONDS    how much of the log to replay: its busiest window this wide (default 10 quick, 120 full)
          --max-workers K     prefork 1..K workers (K = 2, 4 or more: 1, 2, 3, 4, 6, 8, ... up to K; default 4 quick, 8 full)
          --out DIR           where report.md, sizing.csv and the charts go (default: experiments/sizing-<time>)
          --binary PATH       the mini-odoo binary (default: MINI_ODOO_BIN, artifacts/native, then the build output)
        """;

    /// <summary>The prefork worker counts the sweep measures: 1, 2, 3, 4, then doubling, up to <see cref="MaxWorkers"/>.</summary>
    public IReadOnlyList<int> WorkerCounts =>
    [
        .. new[] { 1, 2, 3, 4, 6, 8, 12, 16, 24, 32 }
            .Where(w => w <= MaxWorkers && (!Quick || w is 1 or 2 or 4 || w == MaxWorkers)),
    ];

    /// <summary>Parses the arguments after <c>sizing</c>; on a bad one, <paramref name="error"/> says which and why.</summary>
    public static SizingOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        string? log = null, output = null, binary = null;
        var quick = false;
        IReadOnlyList<double>? speeds = null;
        var target = TimeSpan.FromSeconds(1);
        int? window = null, maxWorkers = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--quick")
            {
                quick = true;
                continue;
            }
            if (arg is not ("--log" or "--speed" or "--target-p95" or "--window" or "--max-workers" or "--out" or "--binary"))
            {
                error = $"unknown argument '{arg}'";
                return null;
            }
            if (i + 1 >= args.Count)
            {
                error = $"{arg} needs a value";
                return null;
            }
            var value = args[++i];
            switch (arg)
            {
                case "--log":
                    log = value;
                    break;
                case "--out":
                    output = value;
                    break;
                case "--binary":
                    binary = value;
                    break;
                case "--speed":
                    speeds = ParseSpeeds(value, out error);
                    if (speeds is null)
                    {
                        return null;
                    }
                    break;
                case "--target-p95":
                    if (ParseDuration(value) is not { } parsed)
                    {
                        error = $"--target-p95 '{value}' is not a duration from 1ms to 600s (e.g. 1s, 500ms)";
                        return null;
                    }
                    target = parsed;
                    break;
                default:
                    var limit = arg == "--window" ? 86_400 : 64;
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > limit)
                    {
                        error = $"{arg} '{value}' is not a whole number from 1 to {limit}";
                        return null;
                    }
                    if (arg == "--window")
                    {
                        window = number;
                    }
                    else
                    {
                        maxWorkers = number;
                    }
                    break;
            }
        }
        if (log is null)
        {
            error = "--log FILE is required: the Odoo log to size from";
            return null;
        }
        return new SizingOptions(
            log,
            quick,
            speeds ?? (quick ? [1, 4] : [1, 2, 4, 8]),
            target,
            TimeSpan.FromSeconds(window ?? (quick ? 10 : 120)),
            maxWorkers ?? (quick ? 4 : 8),
            output,
            binary);
    }

    private static IReadOnlyList<double>? ParseSpeeds(string value, out string? error)
    {
        error = null;
        var speeds = new List<double>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var text = part.TrimEnd('x', '×');
            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var speed) || speed < 0.1 || speed > 1000)
            {
                error = $"--speed '{part}' is not a speed from 0.1 to 1000 (e.g. --speed 1,2,4)";
                return null;
            }
            speeds.Add(speed);
        }
        if (speeds.Count == 0)
        {
            error = "--speed needs at least one speed (e.g. --speed 1,2,4)";
            return null;
        }
        return [.. speeds.Distinct().Order()];
    }

    /// <summary>"1s", "500ms", "1.5s", or a bare number of seconds.</summary>
    public static TimeSpan? ParseDuration(string value)
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
