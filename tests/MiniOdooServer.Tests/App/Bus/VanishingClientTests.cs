using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.Tests.App.Bus.Support;

namespace MiniOdooServer.Tests.App.Bus;

/// <summary>
/// A client that vanishes without a word (its TCP connection dropped) frees everything it held on an in-process
/// Kestrel: its subscription leaves the dispatcher and its request ends. Websockets notice through their pending
/// receive (they do not watch the request's abort token), long-polls through the abort token.
/// </summary>
public sealed class VanishingClientTests : IAsyncLifetime
{
    private InProcessBusServer _server = null!;

    private BusDispatcher Bus => _server.App.Services.GetRequiredService<BusDispatcher>();

    public async Task InitializeAsync()
    {
        _server = await InProcessBusServer.StartAsync("vanish");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AWebsocketWhoseClientVanishesEndsAndLeavesTheBus()
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_server.Port}/websocket"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"event_name": "subscribe", "data": {"channels": ["room"], "last": 0}}"""),
            WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        await Wait.UntilAsync(() => Bus.Subscribers == 1 && _server.App.InFlight.Snapshot().Count == 1);

        socket.Abort(); // the connection drops: no close frame
        socket.Dispose();

        await Wait.UntilAsync(() => Bus.Subscribers == 0 && _server.App.InFlight.Snapshot().Count == 0);
    }

    [Fact]
    public async Task ALongPollWhoseClientVanishesEndsAndLeavesTheBus()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _server.Port);
        var body = """{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"channels": ["room"], "last": 0}}""";
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /longpolling/poll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}"));
        await Wait.UntilAsync(() => Bus.Subscribers == 1);

        client.Client.LingerState = new LingerOption(true, 0); // reset, as a client that vanishes
        client.Dispose();

        await Wait.UntilAsync(() => Bus.Subscribers == 0 && _server.App.InFlight.Snapshot().Count == 0);
    }

}
