using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Results;
using MiniOdooServer.Experiments.Server;
using MiniOdooServer.Experiments.Wrk;

namespace MiniOdooServer.Experiments;

/// <summary>
/// Runs a matrix: for each server configuration, start mini-odoo, warm every workload up, run wrk for each point and
/// repeat, stop the server by its process group; then write results.csv, results.md and chart.png.
/// </summary>
internal sealed class ExperimentRunner(RunnerOptions options, string binary, string outputDirectory, TextWriter log)
{
    private static readonly TimeSpan ServerStartEstimate = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<ClaimVerdict>> RunAsync()
    {
        Directory.CreateDirectory(Path.Combine(outputDirectory, "logs"));
        var matrix = options.Matrix;
        var points = matrix.Expand();
        var wrk = new WrkRunner(options.Wrk);
        var progress = new ProgressLine(Console.Error, !Console.IsErrorRedirected, points.Count, matrix.Estimate(ServerStartEstimate), TimeProvider.System);
        var context = new RunContext(options.MatrixName, DateTimeOffset.UtcNow, Environment.ProcessorCount, LoadAverage(), "", binary,
            matrix.Duration, matrix.Repeats);
        log.WriteLine($"{points.Count} runs with {binary}; load average {context.LoadBefore}; results in {outputDirectory}");

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
            foreach (var point in group)
            {
                progress.Report(results.Count, ProgressLine.Describe(point));
                var measured = await wrk.RunAsync(instance.BaseUrl + point.Workload.Path, point.Connections, matrix.Duration);
                results.Add(new RunResult(point, measured));
            }
        }

        var summaries = PointSummary.From(results);
        var verdicts = ClaimCheck.Check(summaries);
        context = context with { LoadAfter = LoadAverage(), LoadAtServerStart = loads };
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, "results.csv"), ResultsCsv.Render(results));
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, "results.md"), ResultsMarkdown.RenderReport(summaries, verdicts, context));
        ResultsChart.SavePng(summaries, Path.Combine(outputDirectory, "chart.png"),
            $"mini-odoo, {context.Started:yyyy-MM-dd}, {context.Cores} shared cores, {options.MatrixName} matrix");
        progress.Finish($"done: {results.Count} runs in {outputDirectory}");
        return verdicts;
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
