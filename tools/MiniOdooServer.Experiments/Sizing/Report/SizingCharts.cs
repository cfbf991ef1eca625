using System.Globalization;
using MiniOdooServer.Experiments.Sizing.Log;
using MiniOdooServer.Experiments.Sizing.Sweep;
using ScottPlot;

namespace MiniOdooServer.Experiments.Sizing.Report;

/// <summary>
/// The three charts of a sizing run, drawn by ScottPlot: p95 against workers (one line per speed, the target as a
/// dashed line), the log's concurrency over time, and where each configuration's time went (SQL, Python, waiting).
/// </summary>
internal static class SizingCharts
{
    public const string P95File = "p95-by-workers.png";
    public const string ConcurrencyFile = "log-concurrency.png";
    public const string TimeSplitFile = "time-split.png";

    public static void SaveAll(string folder, AccessLogSummary summary, IReadOnlyList<SweepPoint> points, TimeSpan target)
    {
        SaveP95(Path.Combine(folder, P95File), points, target);
        SaveConcurrency(Path.Combine(folder, ConcurrencyFile), summary);
        SaveTimeSplit(Path.Combine(folder, TimeSplitFile), points);
    }

    private static void SaveP95(string path, IReadOnlyList<SweepPoint> points, TimeSpan target)
    {
        var plot = new Plot();
        var workers = points.Select(p => p.Workers).Distinct().Order().ToArray();
        var positions = workers.Select((_, i) => (double)i).ToArray();
        foreach (var speed in points.Select(p => p.Speed).Distinct().Order())
        {
            var p95 = workers.Select(w => points.FirstOrDefault(p => p.Speed == speed && p.Workers == w)?.Replay.Percentile(95).TotalMilliseconds ?? double.NaN).ToArray();
            var line = plot.Add.Scatter(positions, p95);
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{speed:0.##}× the log's peak");
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }
        var goal = plot.Add.HorizontalLine(target.TotalMilliseconds);
        goal.LinePattern = LinePattern.Dashed;
        goal.LegendText = string.Create(CultureInfo.InvariantCulture, $"target p95 {target.TotalMilliseconds:0} ms");
        plot.Axes.Bottom.SetTicks(positions, [.. workers.Select(w => w == 0 ? "threaded\n(workers=0)" : w.ToString(CultureInfo.InvariantCulture))]);
        plot.Title("p95 latency from the intended start, by workers (GIL on); under the dashed line holds");
        plot.XLabel("prefork workers");
        plot.Axes.SetLimitsY(0, Math.Max(target.TotalMilliseconds * 1.5, points.Max(p => p.Replay.Percentile(95).TotalMilliseconds) * 1.1));
        plot.ShowLegend(Alignment.UpperRight);
        plot.YLabel("p95 latency (ms)");
        plot.SavePng(path, 900, 500);
    }

    private static void SaveConcurrency(string path, AccessLogSummary summary)
    {
        var plot = new Plot();
        var series = summary.ConcurrencyOverTime;
        var xs = series.Select(s => (s.Start - summary.FirstUtc).TotalSeconds).ToArray();
        var ys = series.Select(s => (double)s.Peak).ToArray();
        if (xs.Length > 0)
        {
            var line = plot.Add.Scatter(xs, ys);
            line.MarkerSize = 0;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
        }
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"The log's requests in progress (peak {summary.PeakConcurrency} at {summary.PeakConcurrencyAt:HH:mm:ss}), per {summary.ConcurrencyBucket.TotalSeconds:0.#} s"));
        plot.XLabel(string.Create(CultureInfo.InvariantCulture, $"seconds since {summary.FirstUtc:yyyy-MM-dd HH:mm:ss} (log's clock)"));
        plot.YLabel("requests in progress (peak per bucket)");
        plot.Axes.SetLimitsY(0, Math.Max(1, summary.PeakConcurrency) * 1.15);
        plot.SavePng(path, 1000, 420);
    }

    private static void SaveTimeSplit(string path, IReadOnlyList<SweepPoint> points)
    {
        var plot = new Plot();
        var colors = new[] { Colors.SteelBlue, Colors.Orange, Colors.Gray };
        var names = new[] { "SQL (replayed)", "Python (replayed)", "waiting (queue, GIL, CPU share)" };
        var bars = new List<Bar>();
        for (var i = 0; i < points.Count; i++)
        {
            var (sql, python, wait) = points[i].TimeSplit;
            var bottom = 0.0;
            foreach (var (value, color) in new[] { sql, python, wait }.Zip(colors))
            {
                bars.Add(new Bar { Position = i, ValueBase = bottom, Value = bottom + value, FillColor = color });
                bottom += value;
            }
        }
        plot.Add.Bars(bars);
        for (var k = 0; k < names.Length; k++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = names[k], FillColor = colors[k] });
        }
        plot.Axes.Bottom.SetTicks([.. points.Select((_, i) => (double)i)],
            [.. points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{(p.Workers == 0 ? "threaded" : "prefork " + p.Workers)}\n{p.Speed:0.##}×"))]);
        plot.Title("Where a request's time goes: mean ms per request, by configuration and speed");
        plot.YLabel("mean ms per request");
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Math.Max(800, 90 * points.Count), 520);
    }
}
