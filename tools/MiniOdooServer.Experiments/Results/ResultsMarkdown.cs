using System.Globalization;
using System.Text;
using MiniOdooServer.Experiments.Matrix;

namespace MiniOdooServer.Experiments.Results;

/// <summary>
/// The summary as a markdown table: one row per workload and server configuration, one column per connection count,
/// each cell the median requests per second of the accepted repeats with their spread (a cell with failed requests
/// says how many; one whose runs were all rejected as impossible says so).
/// </summary>
internal static class ResultsMarkdown
{
    public static string RenderTable(IReadOnlyList<PointSummary> summaries)
    {
        var connections = summaries.Select(s => s.Connections).Distinct().Order().ToArray();
        var text = new StringBuilder("| workload | server |");
        foreach (var c in connections)
        {
            text.Append(" c=").Append(c.ToString(CultureInfo.InvariantCulture)).Append(" |");
        }
        text.Append("\n|---|---|").Append(string.Concat(Enumerable.Repeat("---:|", connections.Length))).Append('\n');
        foreach (var row in summaries.GroupBy(s => (s.Workload, s.Server)))
        {
            text.Append("| ").Append(row.Key.Workload.Name).Append(" (`").Append(row.Key.Workload.Path).Append("`) | ")
                .Append(row.Key.Server.Label).Append(" |");
            foreach (var c in connections)
            {
                text.Append(' ').Append(Cell(row.FirstOrDefault(s => s.Connections == c))).Append(" |");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Cell(PointSummary? summary)
    {
        if (summary is null)
        {
            return "—";
        }
        if (!summary.IsMeasured)
        {
            return "rejected";
        }
        var cell = Rate(summary.MedianRequestsPerSecond);
        if (summary.Repeats > 1)
        {
            cell += " ±" + (summary.Spread / 2).ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);
        }
        var notes = new List<string>();
        if (summary.Errors > 0)
        {
            notes.Add($"{summary.Errors.ToString(CultureInfo.InvariantCulture)} errors");
        }
        if (summary.Rejected > 0)
        {
            notes.Add($"{summary.Rejected.ToString(CultureInfo.InvariantCulture)} rejected");
        }
        return notes.Count == 0 ? cell : $"{cell} ({string.Join(", ", notes)})";
    }

    private static string Rate(double value) => value.ToString(value >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);

    /// <summary>The whole report: a heading with when and where, the table, and the verdict on each claim.</summary>
    public static string RenderReport(IReadOnlyList<PointSummary> summaries, IReadOnlyList<ClaimVerdict> verdicts, RunContext context,
        IReadOnlyList<RunResult>? runs = null)
    {
        var text = new StringBuilder();
        text.Append("# mini-odoo experiment, ").Append(context.Matrix).Append(" matrix\n\n");
        text.Append("- date: ").Append(context.Started.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("- machine: ").Append(context.Cores.ToString(CultureInfo.InvariantCulture))
            .Append(" cores, shared; load average before ").Append(context.LoadBefore)
            .Append(", after ").Append(context.LoadAfter);
        if (context.CoresAvailable is { } cores)
        {
            text.Append("; cores available before the run (two spinning threads): ").Append(cores.ToString("0.00", CultureInfo.InvariantCulture));
        }
        text.Append('\n');
        if (context.LoadAtServerStart.Count > 0)
        {
            text.Append("- load average (1 min) as each server started: ")
                .AppendJoin(", ", context.LoadAtServerStart.Select(l => $"{l.Server} {l.Load}")).Append('\n');
        }
        text.Append("- binary: `").Append(context.Binary).Append("`\n");
        text.Append("- each point: wrk for ").Append(context.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture))
            .Append(" s, median of ").Append(context.Repeats.ToString(CultureInfo.InvariantCulture))
            .Append(" runs (2xx answers naming the server under test per second; ± half the spread from lowest to highest)\n");
        text.Append("- a run is rejected (measured again once, then left out) when other answers than the server's pass ")
            .Append(PhysicalCheck.ForeignShare.ToString("P0", CultureInfo.InvariantCulture))
            .Append(", when its throughput passes cores × 1000 / cpu_ms, or when the server's CPU seconds (/proc) are short of ")
            .Append("answers × cpu_ms, or (less idle) over it plus one request per connection in flight, by more than ")
            .Append(PhysicalCheck.CpuTolerance.ToString("P0", CultureInfo.InvariantCulture)).Append("\n\n");
        text.Append(RenderTable(summaries)).Append('\n');
        foreach (var verdict in verdicts)
        {
            text.Append("- **").Append(verdict.Word).Append("**: ").Append(verdict.Claim)
                .Append(" — ").Append(verdict.Evidence).Append('\n');
        }
        var rejected = (runs ?? []).Where(r => !r.Accepted).ToArray();
        if (rejected.Length > 0)
        {
            text.Append("\nRejected runs (after one more measure):\n\n");
            foreach (var run in rejected)
            {
                text.Append("- ").Append(run.Point.Server.Label).Append(", ").Append(run.Point.Workload.Name)
                    .Append(", c=").Append(run.Point.Connections.ToString(CultureInfo.InvariantCulture))
                    .Append(", run ").Append(run.Point.Repeat.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(run.Rejection).Append('\n');
            }
        }
        return text.ToString();
    }
}

/// <summary>Where and how a run was made, for the report's heading.</summary>
internal sealed record RunContext(
    string Matrix, DateTimeOffset Started, int Cores, string LoadBefore, string LoadAfter, string Binary, TimeSpan Duration, int Repeats)
{
    /// <summary>The 1-minute load average as each server configuration started: which figures a busy machine may have bent.</summary>
    public IReadOnlyList<(string Server, string Load)> LoadAtServerStart { get; init; } = [];

    /// <summary>The cores two spinning threads got before the run (<see cref="MiniOdooServer.Experiments.CoresAvailable"/>), when measured.</summary>
    public double? CoresAvailable { get; init; }
}
