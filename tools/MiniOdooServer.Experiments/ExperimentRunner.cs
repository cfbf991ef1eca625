using System.Diagnostics;
using System.Globalization;
using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Results;
using MiniOdooServer.Experiments.Server;
using MiniOdooServer.Experiments.Wrk;

namespace MiniOdooServer.Experiments;

/// <summary>
/// Runs a matrix: measure the cores available, then for each server configuration start mini-odoo, warm it up,
/// measure its idle CPU, run wrk for each point (every answer's body checked, the server's CPU read from /proc; a
/// physically impossible run measured again once, else kept as rejected) and repeat, stop the server by its process
/// group; then write results.csv, results.md and chart.png.
/// </summary>
internal sealed class ExperimentRunner(RunnerOptions options, string binary, string outputDirectory, TextWriter log)
{
    private static readonly TimeSpan ServerStartEstimate = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<ClaimVerdict>> RunAsync()
    {
        Directory.CreateDirectory(Path.Combine(outputDirectory, "logs"));
        var script = WrkAnswerScript.WriteTo(outputDirectory);
        var matrix = options.Matrix;
        var points = matrix.Expand();
        var wrk = new WrkRunner(options.Wrk);
        log.WriteLine("measuring the cores available now: two spinning threads for 1 s");
        var cores = CoresAvailable.Measure();
        var progress = new ProgressLine(Console.Error, !Console.IsErrorRedirected, points.Count, matrix.Estimate(ServerStartEstimate), TimeProvider.System);
        var context = new RunContext(options.MatrixName, DateTimeOffset.UtcNow, Environment.ProcessorCount, LoadAverage(), "", binary,
            matrix.Duration, matrix.Repeats) { CoresAvailable = cores };
        log.WriteLine($"{points.Count} runs with {binary}; load average {context.LoadBefore}; {cores:0.00} of {context.Cores} cores available; results in {outputDirectory}");

        var results = new List<RunResult>();
        var loads = new List<(string Server, string Load)>();
        foreach (var group in Consecutive(points))
        {
            var server = group[0].Server;
            var logFile = Path.Combine(outputDirectory, "logs", $"server-{Slug(server.Label)}-{group[0].Repeat}.log");
            File.Delete(logFile);
            progress.Report(results.Count, $"starting {server.Label} (run {group[0].Repeat})");
            loads.Add(($"{server.Label} ({group[0].Repeat})", LoadAverage().Split(' ')[0]));
            await using var instance = await MiniOdooInstance.StartAsync(binary, server, logFile);
            progress.Report(results.Count, $"{server.Label}, warming up");
            await wrk.RunAsync(instance.BaseUrl + Workload.Mixed.Path, matrix.Connections.Max(), matrix.Warmup);
            var idleRate = await IdleCpuRateAsync(instance, matrix.IdleMeasure);
            foreach (var point in group)
            {
                progress.Report(results.Count, ProgressLine.Describe(point));
                var result = await MeasureAsync(wrk, instance, point, script, idleRate);
                if (!result.Accepted)
                {
                    // Measured again once: a burst of load or a respawned worker can spoil one run.
                    progress.Report(results.Count, $"{ProgressLine.Describe(point)}: rejected ({result.Rejection}), measuring again");
                    result = await MeasureAsync(wrk, instance, point, script, idleRate);
                }
                results.Add(result);
            }
        }

        var summaries = PointSummary.From(results);
        var verdicts = ClaimCheck.Check(summaries, cores);
        context = context with { LoadAfter = LoadAverage(), LoadAtServerStart = loads };
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, "results.csv"), ResultsCsv.Render(results));
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, "results.md"), ResultsMarkdown.RenderReport(summaries, verdicts, context, results));
        ResultsChart.SavePng(summaries, Path.Combine(outputDirectory, "chart.png"), ResultsChart.Title(verdicts, context));
        progress.Finish($"done: {results.Count} runs, {results.Count(r => !r.Accepted)} rejected; results in {outputDirectory}");
        return verdicts;
    }

    /// <summary>One wrk run with every answer's body checked, the server's CPU read before and after, and the verdict of <see cref="PhysicalCheck"/>.</summary>
    private async Task<RunResult> MeasureAsync(WrkRunner wrk, MiniOdooInstance instance, ExperimentPoint point, string script, double idleRate)
    {
        string[] names = [instance.Role, .. instance.Pids().Select(p => p.ToString(CultureInfo.InvariantCulture))];
        var before = instance.CpuTime;
        var measured = await wrk.RunAsync(instance.BaseUrl + point.Workload.Path, point.Connections, options.Matrix.Duration, script, names);
        var cpu = (instance.CpuTime - before).TotalSeconds;
        var rejection = PhysicalCheck.Rejection(new RunMeasure(
            measured.ServerAnswers ?? 0, measured.ForeignAnswers, measured.Non2xxResponses, measured.Seconds,
            point.Workload.CpuMs, Environment.ProcessorCount, cpu, idleRate, point.Connections));
        return new RunResult(point, measured, rejection, cpu);
    }

    /// <summary>The CPU seconds per second the server's processes use while no request arrives (timers, heartbeats).</summary>
    private static async Task<double> IdleCpuRateAsync(MiniOdooInstance instance, TimeSpan during)
    {
        var before = instance.CpuTime;
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(during);
        return (instance.CpuTime - before).TotalSeconds / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The points cut where the server or the repeat changes: one server start for each piece.</summary>
    private static IEnumerable<IReadOnlyList<ExperimentPoint>> Consecutive(IReadOnlyList<ExperimentPoint> points)
    {
        var piece = new List<ExperimentPoint>();
        foreach (var point in points)
        {
            if (piece.Count > 0 && (piece[0].Server != point.Server || piece[0].Repeat != point.Repeat))
            {
                yield return piece;
                piece = [];
            }
            piece.Add(point);
        }
        if (piece.Count > 0)
        {
            yield return piece;
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages, to say how busy the shared machine was.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Slug(string label) =>
        new([.. label.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
}
