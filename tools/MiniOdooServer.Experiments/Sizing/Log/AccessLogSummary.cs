using System.Globalization;
using System.Text;

namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// What a log says about its traffic: span, rates, where the time went, the heaviest routes, peak concurrency and the
/// service-time distribution the queueing model needs. Built in one pass by <see cref="AccessLogSummaryBuilder"/>.
/// </summary>
internal sealed class AccessLogSummary
{
    public required LogReadTally Tally { get; init; }
    public required long Requests { get; init; }
    public required DateTime FirstUtc { get; init; }
    public required DateTime LastUtc { get; init; }

    /// <summary>Requests per second over the span (first to last logged line; one second when they coincide).</summary>
    public double MeanRate => Requests / Math.Max(SpanSeconds, 1.0);
    public double SpanSeconds => (LastUtc - FirstUtc).TotalSeconds;

    /// <summary>The busiest calendar second's request count, and when.</summary>
    public required int PeakPerSecond { get; init; }
    public required DateTime PeakSecondAt { get; init; }

    /// <summary>The busiest window (<see cref="Window"/> wide): its requests and Python seconds, and when.</summary>
    public required TimeSpan Window { get; init; }

    public required int PeakWindowRequests { get; init; }
    public required DateTime PeakWindowAt { get; init; }
    public required double PeakWindowPythonSeconds { get; init; }
    public double PeakWindowRate => PeakWindowRequests / Window.TotalSeconds;

    /// <summary>Python seconds per second in the window with the most Python time: the most cores the log kept busy.</summary>
    public double PeakWindowPythonPerSecond => PeakWindowPythonSeconds / Window.TotalSeconds;

    /// <summary>The log's windows grouped by request count, fewest first: the traffic's phases, for the model.</summary>
    public required IReadOnlyList<WindowGroup> WindowGroups { get; init; }

    /// <summary>
    /// The phase with the most work per second (SQL + Python seconds per second: the offered load in erlangs): the
    /// traffic a sizing must hold. Usually the windows with the most requests; not when quieter windows had heavier requests.
    /// </summary>
    public WindowGroup BusiestPhase => WindowGroups.MaxBy(g => g.Requests * g.ServicePerRequest)!;

    public required long TotalQueries { get; init; }
    public required double TotalSqlSeconds { get; init; }
    public required double TotalPythonSeconds { get; init; }

    /// <summary>Python seconds per second over the whole span: the mean number of cores the log kept busy.</summary>
    public double MeanPythonPerSecond => TotalPythonSeconds / Math.Max(SpanSeconds, 1.0);

    /// <summary>The routes by total Python time, heaviest first (at most <see cref="AccessLogSummaryBuilder.TopRoutes"/>).</summary>
    public required IReadOnlyList<RouteLoad> HeaviestRoutes { get; init; }

    /// <summary>Distinct routes seen; past <see cref="AccessLogSummaryBuilder.MaxRoutes"/> new ones are pooled as "(other routes)".</summary>
    public required int DistinctRoutes { get; init; }

    public required int PeakConcurrency { get; init; }
    public required DateTime PeakConcurrencyAt { get; init; }
    public required IReadOnlyList<(DateTime Start, int Peak)> ConcurrencyOverTime { get; init; }
    public required TimeSpan ConcurrencyBucket { get; init; }

    /// <summary>Per-request service time (SQL + Python seconds): mean, squared coefficient of variation, percentiles.</summary>
    public required ServiceTimeStats ServiceTime { get; init; }

    public static AccessLogSummary From(IEnumerable<AccessRecord> records, LogReadTally tally, TimeSpan? window = null)
    {
        var builder = new AccessLogSummaryBuilder(window);
        foreach (var record in records) builder.Add(record);
        return builder.Build(tally);
    }

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Read: {Tally.Describe()}{(Tally.Gzip ? " (gzip)" : "")}");
        if (Tally.Coloured > 0 || Tally.WithCursorMode > 0 || Tally.FromAccessLogger > 0)
        {
            text.AppendLine(c, $"  {Tally.Coloured:N0} coloured lines, {Tally.WithCursorMode:N0} with a cursor mode (Odoo 17+), " +
                $"{Tally.FromAccessLogger:N0} from {AccessLineParser.AccessLogger} (Odoo 18+)");
        }
        if (Tally.FirstMalformed is { } bad) text.AppendLine(c, $"  first malformed line: {bad}");
        text.AppendLine(c, $"Span: {FirstUtc:yyyy-MM-dd HH:mm:ss.fff} → {LastUtc:yyyy-MM-dd HH:mm:ss.fff} ({Duration(SpanSeconds)}, log's own clock)");
        text.AppendLine(c, $"Requests/s: mean {MeanRate:0.00}, peak second {PeakPerSecond} (at {PeakSecondAt:HH:mm:ss}), " +
            $"busiest {Window.TotalSeconds:0} s {PeakWindowRate:0.00}/s (from {PeakWindowAt:HH:mm:ss})");
        text.AppendLine(c, $"Time: SQL {TotalSqlSeconds:0.000} s in {TotalQueries:N0} queries, Python {TotalPythonSeconds:0.000} s; " +
            $"Python per second: mean {MeanPythonPerSecond:0.000}, busiest window {PeakWindowPythonPerSecond:0.000} (cores kept busy)");
        text.AppendLine(c, $"Service time per request (SQL+Python): mean {Ms(ServiceTime.Mean)}, p50 {Ms(ServiceTime.P50)}, " +
            $"p95 {Ms(ServiceTime.P95)}, p99 {Ms(ServiceTime.P99)}, max {Ms(ServiceTime.Max)}, SCV {ServiceTime.Scv:0.00}");
        text.AppendLine(c, $"Peak concurrency: {PeakConcurrency} requests in progress (at {PeakConcurrencyAt:HH:mm:ss.fff})");
        text.AppendLine(c, $"Heaviest routes by Python time ({HeaviestRoutes.Count} of {DistinctRoutes:N0}):");
        text.AppendLine("  | route | requests | Python s | SQL s | mean ms |");
        text.AppendLine("  |---|---:|---:|---:|---:|");
        foreach (var r in HeaviestRoutes)
        {
            text.AppendLine(c, $"  | `{r.Route}` | {r.Requests:N0} | {r.PythonSeconds:0.000} | {r.SqlSeconds:0.000} | {r.MeanSeconds * 1000:0.0} |");
        }
        return text.ToString();
    }

    private static string Ms(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds * 1000:0.0} ms");

    private static string Duration(double seconds) => seconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.0} h"),
    };
}
