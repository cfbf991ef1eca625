using System.Diagnostics;
using System.Globalization;
using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Server;
using MiniOdooServer.Experiments.Sizing.Replay;

namespace MiniOdooServer.Experiments.Sizing.Sweep;

/// <summary>
/// Replays one window of the log against each configuration (threaded with the GIL, Odoo's <c>workers = 0</c>; prefork
/// 1…K workers, each with its own GIL as a Python worker has) at each speed. One server start per point, its
/// processes warmed up first (the first request of each .NET worker compiles the route).
/// </summary>
internal sealed class SizingSweep(string binary, SizingOptions options, string outputFolder, TextWriter output)
{
    /// <summary>Odoo's default <c>limit_time_real</c>, which the servers run with: a request over it is killed in prefork.</summary>
    public static readonly TimeSpan LimitTimeReal = TimeSpan.FromSeconds(120);

    public IReadOnlyList<ServerConfiguration> Configurations =>
        [new ServerConfiguration(0, Gil: true), .. options.WorkerCounts.Select(w => new ServerConfiguration(w, Gil: true))];

    /// <summary>Every point, or those measured before <paramref name="stop"/> (Ctrl+C): the servers are stopped either way.</summary>
    public async Task<IReadOnlyList<SweepPoint>> RunAsync(IReadOnlyList<ReplayRequest> atOneX, CancellationToken stop = default)
    {
        var points = new List<SweepPoint>();
        var total = Configurations.Count * options.Speeds.Count;
        var estimate = TimeSpan.FromSeconds(Configurations.Count * options.Speeds.Sum(s => 3 + options.Window.TotalSeconds / s + DrainTime(options, s).TotalSeconds / 2));
        var line = new ProgressLine(output, inPlace: !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out), total, estimate, TimeProvider.System);
        var logs = Path.Combine(outputFolder, "logs");
        Directory.CreateDirectory(logs);
        foreach (var configuration in Configurations)
        {
            foreach (var speed in options.Speeds)
            {
                if (stop.IsCancellationRequested)
                {
                    break;
                }
                // A fresh server per point: requests the last replay gave up on would still be queued in the old one.
                var what = string.Create(CultureInfo.InvariantCulture, $"{configuration.Label} at {speed:0.##}×");
                line.Report(points.Count, what + ": starting");
                var logFile = Path.Combine(logs, string.Create(CultureInfo.InvariantCulture, $"{Slug(configuration)}-{speed:0.##}x.log"));
                await using var server = await MiniOdooInstance.StartAsync(binary, configuration, logFile);
                using var sender = new HttpReplaySender(server.BaseUrl, LimitTimeReal + TimeSpan.FromSeconds(10));
                var group = await WarmUpAsync(sender, configuration);
                var schedule = Scaled(atOneX, speed);
                var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var serverBefore = ServerCpuTime.OfGroup(group);
                var replay = await new OpenLoopReplayer(sender, TimeProvider.System).RunAsync(
                    schedule,
                    LimitTimeReal,
                    drain: DrainTime(options, speed),
                    progress => line.Report(points.Count, $"{what}: {progress}"),
                    stop: stop);
                if (stop.IsCancellationRequested)
                {
                    break; // an interrupted replay is not a measurement
                }
                var serverCpu = (ServerCpuTime.OfGroup(group) - serverBefore).TotalSeconds;
                var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds;
                var foreign = replay.Processes.Keys.Count(pid => ServerProcesses.GroupOf(pid) is { } g && g != group);
                var rss = ServerProcesses.Median([.. replay.Processes.Keys.Select(pid => ServerProcesses.ResidentMiB(pid)).OfType<double>()]);
                points.Add(new SweepPoint(configuration, speed, replay, serverCpu, rss, foreign, clientCpu));
            }
        }
        line.Finish(string.Create(CultureInfo.InvariantCulture, $"sweep done: {points.Count} points"));
        return points;
    }

    /// <summary>
    /// How long answers are awaited after the last send: the window's replayed length (at least 10 s) — a server that
    /// has not caught up by then does not hold — or 5 s in the quick sweep, which must fit in three minutes.
    /// </summary>
    public static TimeSpan DrainTime(SizingOptions options, double speed) =>
        options.Quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(Math.Max(10, options.Window.TotalSeconds / speed));

    /// <summary>The schedule at <paramref name="speed"/>: every offset divided by it, the work unchanged.</summary>
    public static IReadOnlyList<ReplayRequest> Scaled(IReadOnlyList<ReplayRequest> atOneX, double speed) =>
        [.. atOneX.Select(r => r with { Offset = TimeSpan.FromTicks((long)(r.Offset.Ticks / speed)) })];

    /// <summary>
    /// A few short requests per worker, concurrently, until every worker has answered once or a few rounds passed; the
    /// answer's pid gives the server's process group (setsid made the server lead one).
    /// </summary>
    private static async Task<int> WarmUpAsync(HttpReplaySender sender, ServerConfiguration configuration)
    {
        var warm = new ReplayRequest(TimeSpan.Zero, SqlMs: 1, CpuMs: 2, Queries: 1);
        var seen = new HashSet<int>();
        for (var round = 0; round < 5 && seen.Count < Math.Max(1, configuration.Workers); round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, Math.Max(2, configuration.Workers * 2)).Select(_ => sender.SendAsync(warm, CancellationToken.None)));
            var failed = answers.FirstOrDefault(a => !a.Ok);
            if (failed.Error is not null && answers.All(a => !a.Ok))
            {
                throw new InvalidOperationException($"{configuration.Label} does not serve /bench/replay: {failed.Error}");
            }
            seen.UnionWith(answers.Where(a => a.Ok).Select(a => a.Pid));
        }
        return ServerProcesses.GroupOf(seen.First())
            ?? throw new InvalidOperationException($"{configuration.Label}: the process that answered is gone");
    }

    private static string Slug(ServerConfiguration configuration) =>
        configuration.Workers == 0 ? "threaded-gil" : "prefork-" + configuration.Workers.ToString(CultureInfo.InvariantCulture) + "-gil";
}
