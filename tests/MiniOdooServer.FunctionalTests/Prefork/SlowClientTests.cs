using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>
/// A worker's one slot goes to a request, not to a connection: clients still sending their request — silent,
/// dripping their head, sending their body slowly — hold connections of the worker, never the worker itself.
/// </summary>
public sealed class SlowClientTests
{
    [Fact]
    public async Task TheOnlyWorkerServesCompleteRequestsWhileSlowClientsStillSendTheirs()
    {
        var (server, port) = await Servers.StartPreforkAsync(1);
        await using var _ = server;
        await using var hostile = new HostileClients();
        // Silent ones first, so that Odoo's model (one connection at a time, in accept order) would meet them first.
        for (var i = 0; i < 20; i++)
        {
            await hostile.SilentAsync(port);
        }
        var waiting = new List<System.Net.Sockets.Socket>();
        for (var i = 0; i < 20; i++)
        {
            waiting.Add(await hostile.DrippingAsync(port, TimeSpan.FromMilliseconds(200)));
        }
        // 5 KB/s: above the minimum data rate, so only its slowness is on trial.
        waiting.Add(await hostile.SlowBodyAsync(port, "/jsonrpc", 200_000, 1024, TimeSpan.FromMilliseconds(200)));

        for (var i = 0; i < 10; i++)
        {
            var answer = await Connections.RawGetAsync(port, "/web/health", TimeSpan.FromSeconds(20));
            Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        }

        // Served while every slow client was still sending: none of them held the worker until it gave up.
        Assert.All(waiting, socket => Assert.True(HostileClients.StillWaiting(socket), "a slow client was answered or closed first"));
    }

    [Fact]
    public async Task ASilentConnectionIsClosedAfterTheSocketTimeout()
    {
        var (server, port) = await Servers.StartPreforkAsync(1);
        await using var _ = server;
        await using var hostile = new HostileClients();

        var silent = await hostile.SilentAsync(port);

        await Wait.UntilAsync(() => HostileClients.ClosedByServer(silent), "the server closes a connection that sends nothing");
    }

    [Fact]
    public async Task WithNoPendingConnectionsAWorkerIsOdoosOneConnectionAtATime()
    {
        // http_pending_connections = 0 shows Odoo's own weakness: a silent client holds the only worker.
        var (server, port) = await Servers.StartPreforkAsync(1, "--http-pending-connections", "0");
        await using var _ = server;
        await using var hostile = new HostileClients();
        var silent = await hostile.SilentAsync(port);

        var answer = await Connections.RawGetAsync(port, "/web/health", Wait.DefaultTimeout);

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.True(HostileClients.ClosedByServer(silent), "the worker took the silent connection first and held it");
    }
}
