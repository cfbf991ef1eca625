using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.Tests.App.Bus.Support;

namespace MiniOdooServer.Tests.App.Http;

/// <summary>
/// The list of requests in flight is kept only where SIGQUIT reads it (threaded mode): a prefork worker turns it off,
/// and the longpolling worker's thousands of waiting polls then keep no entry.
/// </summary>
public sealed class InFlightTrackingTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public async Task AWaitingPollIsListedOnlyWhenTrackingIsOn(bool track, int listed)
    {
        await using var server = await InProcessBusServer.StartAsync(
            "inflight", adjust: settings => settings with { TrackInFlightRequests = track });
        var bus = server.App.Services.GetRequiredService<BusDispatcher>();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        var body = """{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"channels": ["room"], "last": 0}}""";
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /longpolling/poll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}"));

        await Wait.UntilAsync(() => bus.WaitingPolls == 1);

        Assert.Equal(listed, server.App.InFlight.Snapshot().Count);
    }
}
