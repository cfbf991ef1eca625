using System.Net;
using System.Net.Sockets;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>
/// A client that opens more connections than a process has file descriptors must not stop it for good: over its
/// ceiling (worker_connections, derived from the open-files limit) a process refuses at once; out of descriptors all
/// the same (a ceiling set too high) its accept loop pauses and resumes. Servers run under <c>prlimit --nofile=1024</c>.
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

    [Fact]
    public async Task AnAcceptLoopOutOfDescriptorsPausesAndResumes()
    {
        // worker_connections above what the descriptors allow: the process runs out of them before its ceiling.
        var port = Ports.Free();
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", port.ToString(), "--workers", "0", "--worker-connections", "100000"],
            launcher: LowOpenFilesLimit);
        // Started in full first: out of descriptors while its stores open, the runtime itself may fail.
        await server.WaitForLogAsync(@"Bus\.loop listening on");

        using (await FloodAsync(port, 1400))
        {
            await server.WaitForLogAsync(@"WARNING .*Accept paused, retrying: .*TooManyOpenSockets");
        }

        await Wait.UntilAsync(() => HealthAsync(port, "/web/health"), "the threaded server serves again");
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
