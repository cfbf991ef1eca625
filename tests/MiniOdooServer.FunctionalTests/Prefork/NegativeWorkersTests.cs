using System.Net;
using System.Net.Sockets;
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
        var config = CronClient.WriteConfig("""
            [cron:tick]
            interval = 1
            action = bench.io
            ms = 1
            """);
        await using var server = ServerProcess.Start(["-c", config, "--http-interface", "127.0.0.1", "-p", port.ToString(),
            "--workers=-1", "--max-cron-threads=2", "--no-http"]);

        await server.WaitForLogAsync(@"Worker WorkerCron \(\d+\) alive", occurrences: 2);
        await server.WaitForLogAsync(@"Job 'tick' done", occurrences: 2);

        Assert.Equal(2, server.CronWorkerPids().Count);
        Assert.Equal(server.ChildPids(), server.CronWorkerPids());
        await AssertRefusedAsync(port);
        server.Signal(Signals.Term);
        Assert.Equal(0, await server.WaitForExitAsync());
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

        using var http = new HttpClient();
        var health = await http.GetAsync($"http://127.0.0.1:{geventPort}/websocket/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await AssertRefusedAsync(port);
        Assert.DoesNotContain("WorkerHTTP", server.Output);
        server.Signal(Signals.Term);
        Assert.Equal(0, await server.WaitForExitAsync());
    }

    private static async Task AssertRefusedAsync(int port)
    {
        var refused = await Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
        });
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
