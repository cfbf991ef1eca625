using System.Net;
using System.Net.Sockets;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>
/// A client that opens more connections than a process has file descriptors must not stop it for good: over its
/// ceiling (worker_connections, derived from the open-files limit) a process refuses at once. The server runs under
/// <c>prlimit --nofile=1024</c>. (An accept loop out of descriptors pausing and resuming is exercised by the hostile
/// suite's scenario 5; a functional test of it, a threaded server flooded past a ceiling set too high, was flaky.)
/// </summary>
public sealed class DescriptorExhaustionTests
{
    private static readonly string[] LowOpenFilesLimit = ["prlimit", "--nofile=1024:1024"];

    [Fact]
    public async Task TheLongpollingWorkerRefusesConnectionsOverItsCeilingAndServesOnceTheyAreGone()
    {
        var port = Ports.Free();
        var gevent = Ports.Free();
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", port.ToString(), "--gevent-port", gevent.ToString(), "--workers", "1", "--max-cron-threads", "0"],
            launcher: LowOpenFilesLimit);
        await server.WaitForLogAsync(@"Bus\.loop listening on");

        using (var flood = await FloodAsync(gevent, 1000))
        {
            await server.WaitForLogAsync(@"WARNING .*Connection refused: this process already holds \d+ connections");
            await Wait.UntilAsync(() => flood.Any(s => HostileClients.ClosedByServer(s)), "a connection over the ceiling is closed at once");
        }

        await Wait.UntilAsync(() => HealthAsync(gevent, "/longpolling/health"), "the longpolling worker serves again");
        Assert.DoesNotMatch(@" CRITICAL ", server.Output);
    }

    /// <summary>Opens <paramref name="count"/> connections that send nothing (the kernel completes them while the backlog has room).</summary>
    private static async Task<Flood> FloodAsync(int port, int count)
    {
        var flood = new Flood();
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            flood.Add(socket);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // A full backlog drops SYNs: enough are open already.
                break;
            }
        }
        return flood;
    }

    private static async Task<bool> HealthAsync(int port, string path)
    {
        try
        {
            return (await Connections.RawGetAsync(port, path, TimeSpan.FromSeconds(2))).StartsWith("HTTP/1.1 200", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    private sealed class Flood : List<Socket>, IDisposable
    {
        public void Dispose()
        {
            foreach (var socket in this)
            {
                socket.Dispose();
            }
        }
    }
}
