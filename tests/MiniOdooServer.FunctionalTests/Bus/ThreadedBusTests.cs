using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Bus;

/// <summary>The bus in threaded mode: long-polling and websockets on the main port, as Odoo serves them with workers = 0.</summary>
public sealed class ThreadedBusTests
{
    [Fact]
    public async Task APollWithLastGetsEveryMissedMessageInOrderAtOnce()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;
        var first = await BusClient.SendAsync(port, "room", "chat", "\"one\"");
        await BusClient.SendAsync(port, "elsewhere", "chat", "\"not mine\"");
        await BusClient.SendAsync(port, "room", "chat", "\"two\"");
        await BusClient.SendAsync(port, "room", "chat", """{"n": 3}""");

        var watch = Stopwatch.StartNew();
        using var answer = await BusClient.PollAsync(port, """["room"]""", last: first - 1);
        var elapsed = watch.Elapsed;

        var notifications = BusClient.Notifications(answer);
        Assert.Equal(["\"one\"", "\"two\"", """{"n":3}"""], notifications.Select(n => n.Payload));
        Assert.All(notifications, n => Assert.Equal("room", n.Channel));
        Assert.True(notifications.Select(n => n.Id).SequenceEqual(notifications.Select(n => n.Id).Order()), "ids increase");
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"answered after {elapsed.TotalMilliseconds:0} ms: messages were waiting");
    }

    [Fact]
    public async Task PeekNotificationsAnswersWithoutWaitingAndHealthChecksPass()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;
        var id = await BusClient.SendAsync(port, "room", "chat", "\"peeked\"");
        const string call = """{"jsonrpc": "2.0", "id": 1, "params": {"channels": ["room"], "last": 0, "is_first_poll": true}}""";

        var watch = Stopwatch.StartNew();
        using var response = await Servers.Http.PostAsync($"http://127.0.0.1:{port}/websocket/peek_notifications",
            new StringContent(call, Encoding.UTF8, "application/json"));
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var result = answer.RootElement.GetProperty("result");
        Assert.Equal(["room", "broadcast"], result.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        var notification = Assert.Single(result.GetProperty("notifications").EnumerateArray());
        Assert.Equal(id, notification.GetProperty("id").GetInt64());
        Assert.Equal("peeked", notification.GetProperty("message").GetProperty("payload").GetString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2));
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/longpolling/health"));
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/websocket/health"));
    }

    [Fact]
    public async Task AnUnreachablePostgresqlIsAClearErrorNotACrash()
    {
        var (server, port) = await Servers.StartThreadedAsync("--db_host", "127.0.0.1", "--db_port", Ports.Free().ToString(), "--database", "nowhere");
        await using var __ = server;

        using var send = await BusClient.SendRawAsync(port, """{"channel": "room", "type": "t", "payload": 1}""", "admin");
        using var poll = await BusClient.PollAsync(port, """["room"]""", last: 0);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, send.StatusCode);
        Assert.Contains("bus.Bus unavailable", await send.Content.ReadAsStringAsync());
        Assert.StartsWith("bus.Bus unavailable", poll.RootElement.GetProperty("error").GetProperty("data").GetProperty("message").GetString());
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
        Assert.False(server.HasExited);
    }

    [Fact]
    public async Task PublishingNeedsTheAdminPasswordAsBearer()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;
        const string body = """{"channel": "room", "type": "chat", "payload": "sneaky"}""";

        using var none = await BusClient.SendRawAsync(port, body, password: null);
        using var wrong = await BusClient.SendRawAsync(port, body, password: "not-the-password");

        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        using var answer = await BusClient.PollAsync(port, """["room"]""", last: 0, new CancellationTokenSource(TimeSpan.FromSeconds(1)).Token)
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null);
        Assert.True(answer is null || BusClient.Notifications(answer).Length == 0, "nothing was published");
    }

    [Fact]
    public async Task BadInputGetsOdooErrorsNeverA500()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;

        using var notStrings = await BusClient.PollAsync(port, """["room", 42]""", last: 0);
        var malformed = await Servers.Http.PostAsync($"http://127.0.0.1:{port}/longpolling/poll", new StringContent("{not json", Encoding.UTF8, "application/json"));
        using var badSend = await BusClient.SendRawAsync(port, """{"channel": 3, "type": "t", "payload": 1}""", "admin");
        // Expect: 100-continue lets the server refuse the 2 MiB body before it is sent (else the refusal races the upload).
        using var oversizedRequest = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/bus/send")
        {
            Content = new StringContent($$"""{"channel": "c", "type": "t", "payload": "{{new string('x', 2 << 20)}}"}""", Encoding.UTF8, "application/json"),
        };
        oversizedRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "admin");
        oversizedRequest.Headers.ExpectContinue = true;
        using var oversized = await Servers.Http.SendAsync(oversizedRequest);
        var plainGet = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/websocket");

        Assert.Equal("bus.Bus only string channels are allowed.", notStrings.RootElement.GetProperty("error").GetProperty("data").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, malformed.StatusCode);
        Assert.Contains("Invalid JSON data", await malformed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badSend.StatusCode);
        Assert.Contains("bus.Bus only string channels are allowed.", await badSend.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, plainGet.StatusCode);
        Assert.DoesNotContain(" 500 ", server.Output);
    }

    [Fact]
    public async Task AWebsocketSubscriberGetsMissedAndNewNotificationsInOdooFormat()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;
        var missed = await BusClient.SendAsync(port, "room", "chat", "\"before\"");
        using var socket = await BusClient.ConnectAsync(port);

        await BusClient.SubscribeAsync(socket, """["room"]""", last: missed - 1);
        var first = await BusClient.ReceiveAsync(socket);
        var sent = await BusClient.SendAsync(port, "room", "chat", """{"text": "after"}""");
        var second = await BusClient.ReceiveAsync(socket);

        using var firstJson = JsonDocument.Parse(first!);
        using var secondJson = JsonDocument.Parse(second!);
        var frame = Assert.Single(firstJson.RootElement.EnumerateArray());
        Assert.Equal(missed, frame.GetProperty("id").GetInt64());
        Assert.Equal("chat", frame.GetProperty("message").GetProperty("type").GetString());
        Assert.Equal("before", frame.GetProperty("message").GetProperty("payload").GetString());
        Assert.False(frame.TryGetProperty("channel", out _), "websocket notifications are {id, message}");
        var next = Assert.Single(secondJson.RootElement.EnumerateArray());
        Assert.Equal(sent, next.GetProperty("id").GetInt64());
        Assert.Equal("after", next.GetProperty("message").GetProperty("payload").GetProperty("text").GetString());
    }

    [Fact]
    public async Task AFloodOfMessagesIsClosedWith1013()
    {
        var (server, port) = await Servers.StartThreadedAsync("--websocket-rate-limit-burst", "3", "--websocket-rate-limit-delay", "1");
        await using var __ = server;
        using var socket = await BusClient.ConnectAsync(port);

        for (var i = 0; i < 5 && socket.State == WebSocketState.Open; i++)
        {
            await BusClient.SubscribeAsync(socket, """["room"]""", last: 0);
        }

        Assert.Equal((WebSocketCloseStatus)1013, await BusClient.ReceiveCloseAsync(socket, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AWebsocketIsClosedWith4002AfterItsKeepAliveTimeout()
    {
        var (server, port) = await Servers.StartThreadedAsync("--websocket-keep-alive-timeout", "1");
        await using var __ = server;
        using var socket = await BusClient.ConnectAsync(port);
        var watch = Stopwatch.StartNew();

        var status = await BusClient.ReceiveCloseAsync(socket, TimeSpan.FromSeconds(5));

        Assert.Equal((WebSocketCloseStatus)4002, status);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(3)); // 1 s + up to 50 % jitter
    }

    [Fact]
    public async Task OversizedOrMalformedWebsocketMessagesGetOdooCloseCodes()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;
        using var tooBig = await BusClient.ConnectAsync(port);
        using var notJson = await BusClient.ConnectAsync(port);
        using var badChannels = await BusClient.ConnectAsync(port);

        await BusClient.SendTextAsync(tooBig, new string('x', (1 << 20) + 1));
        await BusClient.SendTextAsync(notJson, "{nope");
        await BusClient.SubscribeAsync(badChannels, "[1, 2]", last: 0);

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await BusClient.ReceiveCloseAsync(tooBig, TimeSpan.FromSeconds(5)));
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await BusClient.ReceiveCloseAsync(notJson, TimeSpan.FromSeconds(5)));
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await BusClient.ReceiveCloseAsync(badChannels, TimeSpan.FromSeconds(5)));
        Assert.Equal("bus.Bus only string channels are allowed.", badChannels.CloseStatusDescription);
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/websocket/health"));
    }

    [Fact]
    public async Task WaitingPollsAndOpenWebsocketsDoNotTakeTheThreadCapsSlots()
    {
        var (server, port) = await Servers.StartThreadedAsync(new Dictionary<string, string> { ["ODOO_MAX_HTTP_THREADS"] = "1" });
        await using var __ = server;
        using var socket = await BusClient.ConnectAsync(port);
        var poll = BusClient.PollAsync(port, """["room"]""", last: 1_000_000);
        await BusClient.WaitForWaitingPollsAsync(port);

        var watch = Stopwatch.StartNew();
        var health = await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health");

        Assert.Equal("""{"status": "pass"}""", health);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"/web/health waited {watch.Elapsed.TotalMilliseconds:0} ms behind idle realtime clients");
        Assert.False(poll.IsCompleted);
    }

    [Fact]
    public async Task AStopAnswersPendingPollsAndClosesWebsocketsWith1001()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;
        using var socket = await BusClient.ConnectAsync(port);
        await BusClient.SubscribeAsync(socket, """["room"]""", last: 0);
        var poll = BusClient.PollAsync(port, """["room"]""", last: 1_000_000);
        await BusClient.WaitForWaitingPollsAsync(port);

        server.Signal(Signals.Int);

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await BusClient.ReceiveCloseAsync(socket, TimeSpan.FromSeconds(5)));
        using var answer = await poll.Within();
        Assert.Empty(BusClient.Notifications(answer));
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }
}
