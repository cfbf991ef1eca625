using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>
/// A longpolling worker that stops beating — here stopped with SIGSTOP, as a hung process would be — is killed once its
/// silence reaches limit_time_heartbeat_gevent, and replaced; the gevent port answers again. Odoo does not watch it.
/// </summary>
public sealed class LongPollingHeartbeatTests
{
    [Fact]
    public async Task AStoppedLongpollingWorkerIsKilledAfterItsHeartbeatBoundAndReplaced()
    {
        var (server, _, gevent) = await Servers.StartPreforkWithBusAsync(1, "--limit-time-heartbeat-gevent", "5");
        await using var _ = server;
        var stopped = server.LongPollingWorkerPid()!.Value;

        Assert.True(Signals.Send(stopped, Signals.Stop));

        await server.WaitForLogAsync($@"WorkerLongPolling \({stopped}\) timeout after 5s", TimeSpan.FromSeconds(30));
        await server.WaitForLogAsync(
            $@"WorkerLongPolling \({stopped}\) exited \(limit_time_heartbeat_gevent \(5s\) reached: no heartbeat\), status 137");
        var replacement = await server.WaitForLogAsync(@"Worker WorkerLongPolling \((\d+)\) alive", occurrences: 2);
        Assert.NotEqual(stopped, int.Parse(replacement.Groups[1].Value));
        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{gevent}/longpolling/health");
        Assert.True(response.IsSuccessStatusCode);
        Assert.False(Signals.IsAlive(stopped), "the stopped longpolling worker was not reaped");
    }
}
