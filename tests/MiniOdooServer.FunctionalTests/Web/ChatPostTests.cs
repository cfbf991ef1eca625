using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Web;

/// <summary>
/// <c>POST /web/chat/post</c> and <c>GET /web/chat</c> over HTTP: open without a secret, one channel, clear 400/413/429.
/// Each test gets its own server, so each starts with a full rate-limit bucket (5 messages).
/// </summary>
public sealed class ChatPostTests
{
    private static Task<HttpResponseMessage> PostAsync(int port, string body) =>
        Servers.Http.PostAsync($"http://127.0.0.1:{port}/web/chat/post", new StringContent(body));

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("error").GetProperty("data").GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task APostWithoutAnySecretReachesASubscriberOfThePublicChannelOnly()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;
        using var socket = await BusClient.ConnectAsync(port);
        await BusClient.SubscribeAsync(socket, """["chat.public"]""", 0);

        using var posted = await PostAsync(port, """{"author": "Ann", "text": "  hello  ", "channel": "admin.secret"}""");
        var frame = await BusClient.ReceiveAsync(socket) ?? "";

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        using var json = JsonDocument.Parse(frame!);
        var message = Assert.Single(json.RootElement.EnumerateArray()).GetProperty("message");
        Assert.Equal("chat.message", message.GetProperty("type").GetString());
        Assert.Equal("Ann", message.GetProperty("payload").GetProperty("author").GetString());
        Assert.Equal("hello", message.GetProperty("payload").GetProperty("text").GetString());
        // A "channel" in the body is ignored: the route publishes to chat.public only.
        using var peek = await Servers.Http.PostAsync($"http://127.0.0.1:{port}/websocket/peek_notifications", new StringContent(
            """{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"channels": ["admin.secret"], "last": 0}}"""));
        using var peeked = JsonDocument.Parse(await peek.Content.ReadAsStringAsync());
        Assert.Empty(peeked.RootElement.GetProperty("result").GetProperty("notifications").EnumerateArray());
    }

    [Fact]
    public async Task OversizedTextAndBodiesGet413AndBadBodies400()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;

        using var longText = await PostAsync(port, $$"""{"text": "{{new string('x', 501)}}"}""");
        using var longBody = await PostAsync(port, $$"""{"text": "hi", "pad": "{{new string('x', 5000)}}"}""");
        using var badJson = await PostAsync(port, "{\"text\": ");
        using var noText = await PostAsync(port, """{"author": "Ann"}""");
        using var emptyText = await PostAsync(port, """{"text": "   "}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, longText.StatusCode);
        Assert.Contains("the text has 501 characters, at most 500", await ErrorMessageAsync(longText));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, longBody.StatusCode);
        Assert.Contains("over the limit of 4096 bytes", await ErrorMessageAsync(longBody));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Contains("Invalid JSON data", await ErrorMessageAsync(badJson));
        Assert.Equal(HttpStatusCode.BadRequest, noText.StatusCode);
        Assert.Contains("text must be a string", await ErrorMessageAsync(noText));
        Assert.Equal(HttpStatusCode.BadRequest, emptyText.StatusCode);
        Assert.DoesNotContain("   at ", server.Output); // no stack trace logged for bad input
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimitGets413()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;
        // No Content-Length: the limit is enforced while reading.
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"text": "{{new string('x', 8000)}}"}""")));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/web/chat/post") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var answer = await Servers.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
    }

    [Fact]
    public async Task AClientPostingFasterThanTheLimitGets429WithRetryAfter()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6; i++)
        {
            var answer = await PostAsync(port, $$"""{"text": "message {{i}}"}""");
            statuses.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = answer;
            }
            else
            {
                answer.Dispose();
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.TooManyRequests], statuses);
        var retryAfter = refused!.Headers.RetryAfter?.Delta;
        using (refused)
        {
            Assert.True(refused!.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 and <= 2 }, $"Retry-After: {refused.Headers.RetryAfter}");
            Assert.Contains("429 Too Many Requests", await ErrorMessageAsync(refused));
        }
        // The client waits as it was told: that a token is back after Retry-After is the requirement.
        await Task.Delay(retryAfter!.Value);
        using var later = await PostAsync(port, """{"text": "later"}""");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task ThePageIsSelfContainedAndLeavesNothingToAnExternalOrigin()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;

        using var page = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/chat");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("innerHTML", html);
        Assert.DoesNotContain("admin", html);
        Assert.Contains("\"subscribe\"", html.Replace("'", "\""));
    }

    [Fact]
    public async Task InPreforkThePostRouteIsServedByAnHttpWorker()
    {
        var (server, port, gevent) = await Servers.StartPreforkWithBusAsync(1);
        await using var __ = server;
        using var socket = await BusClient.ConnectAsync(gevent);
        await BusClient.SubscribeAsync(socket, """["chat.public"]""", 0);

        using var posted = await PostAsync(port, """{"text": "from a worker"}""");

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("from a worker", await BusClient.ReceiveAsync(socket));
        Assert.Equal(WebSocketState.Open, socket.State);
    }
}
