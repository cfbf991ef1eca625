using System.Net;
using System.Net.Sockets;

namespace LongPollingBench;

/// <summary>
/// Connects to the server from several loopback source addresses (127.0.0.1, .2, …) in turn, so that thousands of
/// connections never run short of ephemeral ports on one (source, destination) pair.
/// </summary>
internal sealed class LoopbackDialer(IPEndPoint server, int sourceAddresses)
{
    private int _next;

    public async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _next) % sourceAddresses;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(new IPAddress([127, 0, 0, (byte)(1 + n)]), 0));
            await socket.ConnectAsync(server, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
