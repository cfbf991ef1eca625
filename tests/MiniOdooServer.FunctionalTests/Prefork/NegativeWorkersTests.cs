using System.Net;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>
/// <c>workers = -1</c>, as in Odoo: a master without HTTP workers. Odoo's deployment guide runs its cron servers with
/// <c>--workers=-1 --max-cron-threads=n --no-http</c>; with HTTP on, the longpolling worker still serves its port and the
/// HTTP port is not bound (Odoo binds it and leaves it unserved).
/// </summary>
public sealed class NegativeWorkersTests
{
    [Fact]
    public async Task OdoosCronServerCommandRunsCronWorkersOnly()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["-c", CronClient.WriteConfig(CronClient.IoTick()),
            "--http-interface", "127.0.0.1", "-p", port.ToString(), "--workers=-1", "--max-cron-threads=2", "--no-http"]);

        await server.WaitForCronWorkersAliveAsync(times: 2);
        await server.WaitForLogAsync(@"Job 'tick' done", occurrences: 2);

        Assert.Equal(2, server.CronWorkerPids().Count);
        Assert.Equal(server.ChildPids(), server.CronWorkerPids());
        await server.AssertBindsNothingAndStopsOnSigtermAsync(port);
    }

    [Fact]
    public async Task WithHttpOnTheLongpollingWorkerServesAndTheHttpPortIsNotBound()
    {
        var port = Ports.Free();
        var geventPort = Ports.Free();
        await using var server = ServerProcess.Start(["--http-interface", "127.0.0.1", "-p", port.ToString(),
            "--gevent-port", geventPort.ToString(), "--workers", "-1", "--max-cron-threads", "0"]);

        await server.WaitForLogAsync($@"No HTTP worker processes \(workers = -1\): port {port} is not bound");
        await server.WaitForLogAsync(@"Worker WorkerLongPolling \(\d+\) alive");

        using var health = await Servers.Http.GetAsync($"http://127.0.0.1:{geventPort}/websocket/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(await Connections.IsRefusedAsync(port), $"something listens on port {port}");
        Assert.DoesNotContain("WorkerHTTP", server.Output);
        server.Signal(Signals.Term);
        Assert.Equal(0, await server.WaitForExitAsync());
    }
}
