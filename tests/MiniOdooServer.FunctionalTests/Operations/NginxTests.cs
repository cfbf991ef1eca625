using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Monitoring;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Operations;

/// <summary>
/// The nginx deployment of docs/deployment.md: Debian's nginx with <c>samples/nginx/mini-odoo.conf</c> in front of a prefork
/// mini-odoo in proxy mode. Every request below goes to nginx's port; only the metrics are read behind its back.
/// </summary>
public sealed class NginxTests(NginxFrontedServerFixture fixture) : IClassFixture<NginxFrontedServerFixture>
{
    private int NginxPort => fixture.Nginx.Port;

    [Fact]
    public async Task PagesAreServedByTheHttpWorkersThroughNginxAndCompressed()
    {
        using var health = await Servers.Http.GetAsync($"http://127.0.0.1:{NginxPort}/web/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("""{"status": "pass"}""", await health.Content.ReadAsStringAsync());
        Assert.Contains("nginx", health.Headers.Server.ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{NginxPort}/web/chat");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var chat = await Servers.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(["gzip"], chat.Content.Headers.ContentEncoding);
        await using var body = new GZipStream(await chat.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        Assert.Contains("<title>mini-odoo live chat</title>", await new StreamReader(body).ReadToEndAsync());
    }

    [Fact]
    public async Task ALongPollWaitsInTheLongpollingWorkerAndReceivesAMessagePublishedThroughNginx()
    {
        var last = await BusClient.SendAsync(NginxPort, "nginx.poll", "warmup", "0");

        var poll = BusClient.PollAsync(NginxPort, """["nginx.poll"]""", last);
        await Wait.UntilAsync(async () => poll.IsCompleted ||
                StatusClient.Value(await StatusClient.MetricsAsync(fixture.Port), "mini_odoo_longpolling_connections") >= 1,
            "the poll waiting in the longpolling worker", every: Wait.HttpPoll);
        // Nothing was published after `last` yet: a poll that answered already was not served by the longpolling worker.
        if (poll.IsCompleted)
        {
            using var early = await poll; // a failed poll throws here, with its reason
            Assert.Fail("the poll did not wait: " + early.RootElement);
        }
        var sent = await BusClient.SendAsync(NginxPort, "nginx.poll", "chat", "\"through nginx\"");

        using var answer = await poll.WaitAsync(Wait.DefaultTimeout);
        var notification = Assert.Single(BusClient.Notifications(answer));
        Assert.Equal((sent, "nginx.poll", "\"through nginx\""), (notification.Id, notification.Channel, notification.Payload));
    }

    [Fact]
    public async Task AWebsocketUpgradedThroughNginxReceivesAMessagePublishedThroughNginx()
    {
        var last = await BusClient.SendAsync(NginxPort, "nginx.ws", "warmup", "0");
        using var socket = await BusClient.ConnectAsync(NginxPort);
        // Subscribing from `last` delivers the message whether it is published before or after the subscription lands.
        await BusClient.SubscribeAsync(socket, """["nginx.ws"]""", last);

        var sent = await BusClient.SendAsync(NginxPort, "nginx.ws", "chat", "\"over the websocket\"");

        var frame = await BusClient.ReceiveAsync(socket, Wait.DefaultTimeout);
        Assert.NotNull(frame);
        using var json = JsonDocument.Parse(frame);
        var notification = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(sent, notification.GetProperty("id").GetInt64());
        Assert.Equal("over the websocket", notification.GetProperty("message").GetProperty("payload").GetString());
    }

    /// <summary>
    /// The client connects from 127.0.0.2 and claims to be 10.1.2.3; mini-odoo's peer is nginx (127.0.0.1). Only
    /// proxy_mode reading the address nginx appended can log 127.0.0.2, and the client's own claim must not win.
    /// </summary>
    [Fact]
    public async Task MiniOdoosAccessLineNamesTheClientNginxSawNotNginxNorWhatTheClientClaimed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{NginxPort}/web/health?probe=client-address");
        request.Headers.Add("X-Forwarded-For", "10.1.2.3");
        using var response = await RemoteClient.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await fixture.Server.WaitForLogAsync(
            $@"INFO \? werkzeug: {Regex.Escape(RemoteClient.Address.ToString())} - - \[[^\]]*\] ""GET /web/health\?probe=client-address HTTP/1\.[01]"" 200 ");
        Assert.DoesNotContain("10.1.2.3 - -", fixture.Server.Output);
        await Wait.UntilAsync(() => fixture.Nginx.AccessLog().Contains($"{RemoteClient.Address} - - ") &&
                                    fixture.Nginx.AccessLog().Contains("GET /web/health?probe=client-address"),
            "nginx's own access log naming the client 127.0.0.2");
    }
}
