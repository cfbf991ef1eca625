using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using MiniOdooServer.FunctionalTests.Support;
using Xunit.Abstractions;

namespace MiniOdooServer.FunctionalTests.Bus;

/// <summary>The bus in prefork mode: one longpolling worker on gevent_port, HTTP workers that publish and hand over.</summary>
public sealed class PreforkBusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task APollInTheLongpollingWorkerIsWokenAtOnceByAPublishFromAnHttpWorker()
    {
        var (server, port, gevent) = await Servers.StartPreforkWithBusAsync(1);
        await using var __ = server;
        var last = await BusClient.SendAsync(port, "warmup", "t", "0");
        var latencies = new List<double>();

        for (var round = 0; round < 5; round++)
        {
            var poll = BusClient.PollAsync(gevent, """["room"]""", last);
            await BusClient.WaitForWaitingPollsAsync(gevent);
            var watch = Stopwatch.StartNew();
            last = await BusClient.SendAsync(port, "room", "chat", round.ToString());
            using var answer = await poll.Within();
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(round.ToString(), Assert.Single(BusClient.Notifications(answer)).Payload);
        }

        output.WriteLine($"publish (HTTP worker) -> poll answered (longpolling worker): {string.Join(", ", latencies.Select(l => $"{l:0.0}"))} ms");
        Assert.True(latencies.Max() < 500, $"wake-up took {latencies.Max():0} ms");
    }

    [Fact]
    public async Task AnHttpWorkerHandsPollsAndWebsocketsOverWithoutHoldingItsOnlySlot()
    {
        var (server, port, gevent) = await Servers.StartPreforkWithBusAsync(1);
        await using var __ = server;
        var last = await BusClient.SendAsync(port, "warmup", "t", "0");

        var poll = BusClient.PollAsync(port, """["room"]""", last);
        using var socket = await BusClient.ConnectAsync(port);
        await BusClient.SubscribeAsync(socket, """["room"]""", last);
        // Both handed over: the websocket's handshake is done, and the poll waits in the longpolling worker.
        await BusClient.WaitForWaitingPollsAsync(gevent);
        var watch = Stopwatch.StartNew();
        var health = await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health");
        var healthTook = watch.Elapsed;
        var sent = await BusClient.SendAsync(port, "room", "chat", "\"through the HTTP port\"");
        using var answer = await poll.Within();
        var frame = await BusClient.ReceiveAsync(socket);

        Assert.Equal("""{"status": "pass"}""", health);
        Assert.True(healthTook < TimeSpan.FromSeconds(2), $"the only HTTP worker answered after {healthTook.TotalMilliseconds:0} ms");
        Assert.Equal(sent, Assert.Single(BusClient.Notifications(answer)).Id);
        Assert.Contains("through the HTTP port", frame);
    }

    [Fact]
    public async Task WithoutHandOverTheHttpPortNamesTheGeventPort()
    {
        var (server, port, gevent) = await Servers.StartPreforkWithBusAsync(1, "--longpolling-handover", "False");
        await using var __ = server;

        using var answer = await BusClient.PollAsync(port, """["room"]""", 0);
        using var websocket = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/websocket");

        var message = answer.RootElement.GetProperty("error").GetProperty("data").GetProperty("message").GetString();
        Assert.Contains($"evented port ({gevent})", message);
        Assert.Equal(HttpStatusCode.BadRequest, websocket.StatusCode);
        Assert.Contains($"Is the connection opened on the evented port ({gevent})?", await websocket.Content.ReadAsStringAsync());
        await Assert.ThrowsAsync<WebSocketException>(() => BusClient.ConnectAsync(port));
    }

    [Fact]
    public async Task MessagesSurviveALongpollingWorkerKilledAndRespawned()
    {
        var (server, port, gevent) = await Servers.StartPreforkWithBusAsync(1);
        await using var __ = server;
        var before = await BusClient.SendAsync(port, "room", "chat", "\"before the crash\"");
        var victim = server.LongPollingWorkerPid()!.Value;

        Signals.Send(victim, Signals.Kill);
        var during = await BusClient.SendAsync(port, "room", "chat", "\"while it was down\"");
        var respawned = await server.WaitForLogAsync(@"Worker WorkerLongPolling \((\d+)\) alive", occurrences: 2, timeout: TimeSpan.FromSeconds(10));
        using var answer = await BusClient.PollAsync(gevent, """["room"]""", before - 1);

        Assert.NotEqual(victim, int.Parse(respawned.Groups[1].Value));
        // Lines of two processes: the master's may be written after the new worker's "alive".
        await server.WaitForLogAsync($@"WorkerLongPolling \({victim}\) died unexpectedly", TimeSpan.FromSeconds(5));
        Assert.Equal([before, during], BusClient.Notifications(answer).Select(n => n.Id));
    }

    [Fact]
    public async Task TheLongpollingWorkerRetiresOverLimitMemorySoftGeventAndIsReplaced()
    {
        // 1 MiB: far below any process, so the worker's 4-second watchdog retires it at its first check.
        var (server, _, _) = await Servers.StartPreforkWithBusAsync(1, "--limit-memory-soft-gevent", "1M");
        await using var __ = server;

        await server.WaitForLogAsync(@"Gevent resident memory limit reached", TimeSpan.FromSeconds(15));
        Assert.DoesNotContain("virtual memory", server.Output);
        await server.WaitForLogAsync(@"WorkerLongPolling \(\d+\) recycling: limit_memory_soft_gevent", TimeSpan.FromSeconds(5));
        await server.WaitForLogAsync(@"Worker WorkerLongPolling \(\d+\) alive", TimeSpan.FromSeconds(10), occurrences: 2);

        Assert.Contains("limit_memory_soft_gevent", server.Output);
    }

    [Fact]
    public async Task TheLongpollingWorkerExitsWithItsMaster()
    {
        var (server, _, _) = await Servers.StartPreforkWithBusAsync(1);
        await using var __ = server;
        var longPolling = server.LongPollingWorkerPid()!.Value;

        Signals.Send(server.Pid, Signals.Kill);

        await Wait.UntilAsync(() => !Signals.IsAlive(longPolling), "the longpolling worker exits with its master");
    }

    [Fact]
    public async Task AGracefulStopClosesWebsocketsWith1001OnBothPortsAndAnswersPolls()
    {
        var (server, port, gevent) = await Servers.StartPreforkWithBusAsync(1);
        await using var __ = server;
        using var direct = await BusClient.ConnectAsync(gevent);
        using var handedOver = await BusClient.ConnectAsync(port);
        await BusClient.SubscribeAsync(direct, """["room"]""", 0);
        await BusClient.SubscribeAsync(handedOver, """["room"]""", 0);
        var poll = BusClient.PollAsync(gevent, """["room"]""", 1_000_000);
        await BusClient.WaitForWaitingPollsAsync(gevent);

        server.Signal(Signals.Int);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await BusClient.ReceiveCloseAsync(direct, TimeSpan.FromSeconds(5)));
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await BusClient.ReceiveCloseAsync(handedOver, TimeSpan.FromSeconds(5)));
        using var answer = await poll.Within();
        Assert.Empty(BusClient.Notifications(answer));
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }
}
