using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>
/// An idle worker that stops beating — here stopped with SIGSTOP, as a hung process would be — is killed once its
/// silence reaches limit_time_real, and replaced; the server answers again. Odoo's watchdog pipe does the same.
/// </summary>
public sealed class HeartbeatTests
{
    [Fact]
    public async Task AStoppedIdleWorkerIsKilledAfterLimitTimeRealAndReplaced()
    {
        var (server, port) = await Servers.StartPreforkAsync(1, "--limit-time-real", "5");
        await using var _ = server;
        var stopped = server.HttpWorkerPids().Single();

        Assert.True(Signals.Send(stopped, Signals.Stop));

        await server.WaitForLogAsync($@"WorkerHTTP \({stopped}\) timeout after 5s", TimeSpan.FromSeconds(30));
        await server.WaitForLogAsync($@"WorkerHTTP \({stopped}\) exited \(limit_time_real \(5s\) reached while idle: no heartbeat\), status 137");
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: 2);
        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/health");
        Assert.True(response.IsSuccessStatusCode);
        Assert.DoesNotContain(stopped, server.HttpWorkerPids());
    }
}
