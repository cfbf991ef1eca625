using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using MiniOdooServer.App.Bus;
using MiniOdooServer.Tests.App.Bus.Support;

namespace MiniOdooServer.Tests.App.Bus;

/// <summary>
/// Odoo's websocket heartbeat on an in-process Kestrel with short timings (Odoo's are 45 s and 15 s): a silent peer
/// is pinged, and one that never answers is dropped without a close frame; a peer that answers stays connected.
/// </summary>
public sealed class WebSocketHeartbeatTests : IAsyncLifetime
{
    // Generous next to the ping interval: a pong answered by a client on a loaded machine must not be late.
    private static readonly TimeSpan PongTimeout = TimeSpan.FromMilliseconds(1500);

    private InProcessBusServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessBusServer.StartAsync("heartbeat", new BusTimings { PingInterval = TimeSpan.FromMilliseconds(200), PongTimeout = PongTimeout });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task APeerThatNeverAnswersThePingIsDroppedWithoutACloseFrame()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET /websocket HTTP/1.1\r\nHost: 127.0.0.1:{_server.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1\r\n\r\n"));

        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset by the server: dropped, as Odoo drops a peer that misses its pong.
        }

        var bytes = received.ToArray();
        var headerEnd = IndexOf(bytes, "\r\n\r\n"u8) + 4;
        Assert.StartsWith("HTTP/1.1 101", Encoding.ASCII.GetString(bytes, 0, headerEnd));
        var frames = bytes[headerEnd..];
        Assert.True(frames.Length > 0 && frames[0] == 0x89, "the server sent a ping (FIN + opcode 9) first");
        Assert.DoesNotContain((byte)0x88, FrameOpcodes(frames));
    }

    [Fact]
    public async Task APeerThatAnswersPingsStaysConnected()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_server.Port}/websocket"), CancellationToken.None);
        // Past the first ping and a whole pong timeout after it: a peer that did not answer would be gone by then.
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200) + PongTimeout * 2);

        // A pending receive answers the server's pings with pongs, as browsers do.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => socket.ReceiveAsync(new byte[1024], wait.Token));

        Assert.NotEqual(WebSocketState.Closed, socket.State);
    }

    private static IEnumerable<byte> FrameOpcodes(byte[] frames)
    {
        // Unmasked server frames with payloads under 126 bytes: [FIN|opcode][length][payload].
        for (var i = 0; i + 1 < frames.Length; i += 2 + (frames[i + 1] & 0x7F))
        {
            yield return frames[i];
        }
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);

}
