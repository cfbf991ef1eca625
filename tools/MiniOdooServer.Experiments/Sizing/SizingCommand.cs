using System.Globalization;
using System.Runtime.InteropServices;
using MiniOdooServer.Experiments.Server;
using MiniOdooServer.Experiments.Sizing.Log;
using MiniOdooServer.Experiments.Sizing.Model;
using MiniOdooServer.Experiments.Sizing.Replay;
using MiniOdooServer.Experiments.Sizing.Report;
using MiniOdooServer.Experiments.Sizing.Sweep;

namespace MiniOdooServer.Experiments.Sizing;

/// <summary>
/// <c>sizing --log FILE</c>: reads the log (and says what it read), replays its busiest window against threaded and
/// prefork configurations at each speed, and writes the answer, report.md, sizing.csv and the charts into a new
/// folder. Exit 0 with an answer, 1 when the log cannot be sized, 2 on bad usage; each failure is one line on stderr.
/// </summary>
internal static class SizingCommand
{
    /// <summary>Runs the sweep <paramref name="options"/> ask for; <paramref name="commandLine"/> is recorded in the report.</summary>
    public static async Task<int> RunAsync(SizingOptions options, string commandLine, TextWriter output, TextWriter errors)
    {
        var root = BinaryLocator.RepositoryRoot(AppContext.BaseDirectory);
        string binary;
        try
        {
            binary = BinaryLocator.Locate(options.Binary, root, Environment.GetEnvironmentVariable, File.Exists);
        }
        catch (FileNotFoundException e)
        {
            await errors.WriteLineAsync($"mini-odoo-experiments sizing: {e.Message}");
            return 2;
        }

        var started = DateTime.UtcNow;
        var loadBefore = LoadAverage();
        AccessLogSummary summary;
        List<AccessRecord> window;
        try
        {
            var tally = new LogReadTally();
            summary = AccessLogSummary.From(OdooLogReader.Read(options.Log, tally), tally, options.Window);
            await output.WriteAsync(summary.ToText());
            // A second pass keeps only the replayed window in memory, whatever the log's size.
            var from = summary.PeakWindowAt;
            var to = from + options.Window;
            window = [.. OdooLogReader.Read(options.Log, new LogReadTally()).Where(r => r.StartUtc >= from && r.StartUtc < to)];
        }
        catch (LogFormatException e)
        {
            await errors.WriteLineAsync($"mini-odoo-experiments sizing: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"mini-odoo-experiments sizing: {options.Log}: {e.Message}");
            return 1;
        }
        if (window.Count == 0)
        {
            await errors.WriteLineAsync($"mini-odoo-experiments sizing: {options.Log}: no request starts in the busiest window; nothing to replay");
            return 1;
        }

        var folder = Path.GetFullPath(options.OutputDirectory
            ?? Path.Combine(root, "experiments", "sizing-" + started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
        Directory.CreateDirectory(folder);
        var schedule = ReplaySchedule.Build(window, summary.PeakWindowAt, speed: 1);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Replaying the busiest {options.Window.TotalSeconds:0} s ({schedule.Count:N0} requests from {summary.PeakWindowAt:HH:mm:ss}) at {string.Join(", ", options.Speeds.Select(s => s.ToString("0.##", CultureInfo.InvariantCulture) + "×"))}"));

        var cores = Environment.ProcessorCount;
        var shareBefore = CoresAvailable.Measure(cores, TimeSpan.FromMilliseconds(500));
        // Ctrl+C or SIGTERM ends the sweep cleanly: the servers (each in a process group of its own, so the signal
        // does not reach them) are stopped, not orphaned.
        using var interrupted = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        IReadOnlyList<SweepPoint> points;
        try
        {
            points = await new SizingSweep(binary, options, folder, output).RunAsync(schedule, interrupted.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            await errors.WriteLineAsync($"mini-odoo-experiments sizing: {e.Message}");
            return 1;
        }
        if (points.Count == 0)
        {
            await errors.WriteLineAsync("mini-odoo-experiments sizing: interrupted before the first configuration was measured");
            return 130;
        }

        IReadOnlyList<SizingAnswer> models =
            [.. options.Speeds.Select(speed => CapacityPlanner.Answer(summary, Environment.ProcessorCount, speed, options.TargetP95.TotalSeconds))];
        var share = Math.Min(shareBefore, CoresAvailable.Measure(cores, TimeSpan.FromMilliseconds(500)));
        var answer = MeasuredAnswer.From(points, options.TargetP95, models, share);
        var run = new SizingRun(
            commandLine, options.Log, started, loadBefore, LoadAverage(), summary, summary.PeakWindowAt,
            options.Window, schedule.Count, options.TargetP95, points, models, answer);
        await File.WriteAllTextAsync(Path.Combine(folder, "report.md"), SizingMarkdown.Format(run));
        await File.WriteAllTextAsync(Path.Combine(folder, "sizing.csv"), SizingCsv.Format(points, options.TargetP95));
        SizingCharts.SaveAll(folder, summary, points, options.TargetP95);

        await output.WriteLineAsync();
        await output.WriteLineAsync(answer.Paragraph());
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Report, CSV and charts: {folder}");
        return 0;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
