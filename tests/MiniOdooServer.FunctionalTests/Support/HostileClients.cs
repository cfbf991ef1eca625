using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// Clients that hold connections without completing a request, as slowloris does: silent ones, ones that drip their
/// request head a byte at a time, ones that send a body slowly. Each keeps going until disposed; <see cref="StillWaiting"/>
/// tells which the server has neither answered nor closed.
/// </summary>
internal sealed class HostileClients : IAsyncDisposable
{
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _senders = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Connects and sends nothing (a browser's preconnect, an idle attacker).</summary>
    public async Task<Socket> SilentAsync(int port) => await ConnectAsync(port);

    /// <summary>Connects and sends a request head one byte every <paramref name="every"/>, never finishing it.</summary>
    public async Task<Socket> DrippingAsync(int port, TimeSpan every)
    {
        var socket = await ConnectAsync(port);
        var head = Encoding.ASCII.GetBytes("GET /web/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + new string('a', 10_000));
        _senders.Add(SendSlowlyAsync(socket, head, 1, every));
        return socket;
    }

    /// <summary>Sends a complete head announcing <paramref name="length"/> bytes, then the body in pieces, slowly.</summary>
    public async Task<Socket> SlowBodyAsync(int port, string path, int length, int bytesPerPiece, TimeSpan every)
    {
        var socket = await ConnectAsync(port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"));
        _senders.Add(SendSlowlyAsync(socket, Encoding.ASCII.GetBytes(new string(' ', length)), bytesPerPiece, every));
        return socket;
    }

    /// <summary>True while the server has sent nothing on the socket and has not closed it.</summary>
    public static bool StillWaiting(Socket socket)
    {
        try
        {
            return !socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>True once the server closed (or reset) the socket; what it sent first is read and dropped.</summary>
    public static bool ClosedByServer(Socket socket)
    {
        try
        {
            var buffer = new byte[4096];
            while (socket.Poll(0, SelectMode.SelectRead))
            {
                if (socket.Receive(buffer) == 0)
                {
                    return true;
                }
            }
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        lock (_sockets)
        {
            _sockets.Add(socket);
        }
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    private async Task SendSlowlyAsync(Socket socket, byte[] bytes, int piece, TimeSpan every)
    {
        try
        {
            for (var at = 0; at < bytes.Length && !_stop.IsCancellationRequested; at += piece)
            {
                await socket.SendAsync(bytes.AsMemory(at, Math.Min(piece, bytes.Length - at)), _stop.Token);
                await Task.Delay(every, _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server closed it, or the test is over.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_senders);
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }
        _stop.Dispose();
    }
}
