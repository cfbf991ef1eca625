using System.Globalization;
using ScottPlot;

namespace MiniOdooServer.Experiments.Results;

/// <summary>
/// The chart: one panel per workload, requests per second against connections, one line per server configuration,
/// drawn by ScottPlot and saved as PNG. Connections sit at even steps (1, 4, 16, 64 are equally spaced) for legibility.
/// Its title says what the run showed (<see cref="Title"/>) and how to read the lines; rejected points are not drawn.
/// </summary>
internal static class ResultsChart
{
    /// <summary>How to read the lines, under the title.</summary>
    public const string Legend = "solid: no GIL, dashed: GIL; each point the median of the accepted repeats, gaps where every run was rejected";

    /// <summary>The takeaway of the run (each claim's verdict), where and when, and how to read the lines.</summary>
    public static string Title(IReadOnlyList<ClaimVerdict> verdicts, RunContext context)
    {
        var takeaway = string.Join("; ", verdicts.Select(v => $"{ShortClaim(v.Claim)}: {v.Word}"));
        return $"{takeaway}\nmini-odoo, {context.Started:yyyy-MM-dd}, {context.Cores} shared cores, {context.Matrix} matrix\n{Legend}";
    }

    // "CPU-bound throughput grows with workers …" -> "CPU-bound throughput grows with workers": the claim's first clause.
    private static string ShortClaim(string claim) => claim.Split(" and ", 2)[0];

    public static void SavePng(IReadOnlyList<PointSummary> summaries, string path, string title)
    {
        var workloads = summaries.Select(s => s.Workload).Distinct().ToArray();
        var connections = summaries.Select(s => s.Connections).Distinct().Order().ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(workloads.Length);
        for (var i = 0; i < workloads.Length; i++)
        {
            var plot = multiplot.GetPlot(i);
            Draw(plot, summaries.Where(s => s.Workload == workloads[i]).ToArray(), connections);
            plot.Title(i == 0 ? $"{title}\n{workloads[i].Name} ({workloads[i].Path})" : $"{workloads[i].Name} ({workloads[i].Path})");
        }
        multiplot.SavePng(path, 1000, 440 * workloads.Length);
    }

    private static void Draw(Plot plot, IReadOnlyList<PointSummary> points, int[] connections)
    {
        var positions = connections.Select((_, i) => (double)i).ToArray();
        foreach (var server in points.Select(p => p.Server).Distinct())
        {
            var rates = connections
                .Select(c => points.FirstOrDefault(p => p.Server == server && p.Connections == c && p.IsMeasured)?.MedianRequestsPerSecond ?? double.NaN)
                .ToArray();
            var line = plot.Add.Scatter(positions, rates);
            line.LegendText = server.Label;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            if (server.Gil)
            {
                line.LinePattern = LinePattern.Dashed;
            }
        }
        plot.Axes.Bottom.SetTicks(positions, [.. connections.Select(c => c.ToString(CultureInfo.InvariantCulture))]);
        plot.XLabel("concurrent connections (wrk -c)");
        plot.YLabel("answers per second from the server (median)");
        plot.Axes.SetLimitsY(0, Math.Max(1, points.Where(p => p.IsMeasured).Select(p => p.MedianRequestsPerSecond).DefaultIfEmpty(1).Max()) * 1.15);
        plot.ShowLegend(Alignment.UpperLeft);
    }
}
