using MiniOdooServer.FunctionalTests.Monitoring;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>
/// With <c>limit_time_real = 0</c> a graceful stop has no deadline: a worker blocked in a request would keep the
/// master waiting for ever. A second SIGTERM (or SIGINT) forces the stop at once, as Odoo's "send a second signal".
/// </summary>
public sealed class ForcedStopTests
{
    [Theory]
    [InlineData(Signals.Term)]
    [InlineData(Signals.Int)]
    public async Task ASecondSignalDuringAGracefulStopKillsABusyWorkerWithoutLimitTimeReal(int signal)
    {
        var pidFile = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-forced-").FullName, "server.pid");
        var (server, port) = await Servers.StartPreforkAsync(1, "--load", "base,web,bench", "--limit-time-real", "0", "--pidfile", pidFile);
        await using var _ = server;
        var worker = server.HttpWorkerPids().Single();
        // Blocks the worker's thread for ten minutes: only a kill ends it. Its connection breaks when it dies.
        var hung = Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/hang?s=600");
        await WaitUntilBusyAsync(pidFile, worker);

        server.Signal(signal);
        await server.WaitForLogAsync("Stopping gracefully");
        Assert.True(Signals.IsAlive(worker), "the busy worker must still be running after the first signal");
        Assert.False(server.HasExited);

        server.Signal(signal);
        var status = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, status);
        Assert.Contains("Forced shutdown.", server.Output, StringComparison.Ordinal);
        Assert.False(Signals.IsAlive(worker), $"worker {worker} outlived its master");
        await Assert.ThrowsAnyAsync<Exception>(() => hung);
    }

    /// <summary>Reads the worker table through `mini-odoo status` (shared memory: the only HTTP worker is busy) until the worker shows busy.</summary>
    private static Task WaitUntilBusyAsync(string pidFile, int worker) =>
        Wait.ForAsync(() => ServerStatusTests.RunStatusAsync("--pidfile", pidFile),
            status => status.ExitCode == 0 && status.Output.Split('\n').Any(l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^{worker} +http +1 +busy ")),
            $"worker {worker} busy in `mini-odoo status`", TimeSpan.FromSeconds(60));
}
