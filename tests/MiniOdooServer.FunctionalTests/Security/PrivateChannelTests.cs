using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Security;

/// <summary>
/// bus_private_channels: a private channel's history and new messages reach only a client presenting its token
/// (from POST /bus/channel_token), in peek_notifications, long-polls and websocket subscriptions; a public chat shares
/// the server unchanged.
/// </summary>
public sealed class PrivateChannelTests
{
    [Fact]
    public async Task APrivateChannelIsReadOnlyWithItsToken()
    {
        var (server, port) = await Servers.StartThreadedAsync("--bus-private-channels", "private.*");
        await using var _ = server;
        var publicId = await BusClient.SendAsync(port, "chat.public", "chat.message", """{"text": "hello"}""");
        var privateId = await BusClient.SendAsync(port, "private.payroll", "salary", """{"amount": 1}""");

        // peek_notifications with last = 1 returned every retained message of the channel before.
        using (var peek = await PeekAsync(port, """["private.payroll", "chat.public"]""", publicId - 1, tokens: null))
        {
            var result = peek.RootElement.GetProperty("result");
            Assert.Equal(["chat.public", "broadcast"], result.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal([publicId], result.GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
        }
        var wrongToken = await TokenAsync(port, "private.board");
        using (var peek = await PeekAsync(port, """["private.payroll"]""", publicId - 1, $$"""{"private.payroll": "{{wrongToken}}"}"""))
        {
            Assert.Empty(peek.RootElement.GetProperty("result").GetProperty("notifications").EnumerateArray());
        }

        var token = await TokenAsync(port, "private.payroll");
        using (var peek = await PeekAsync(port, """["private.payroll", "chat.public"]""", publicId - 1, $$"""{"private.payroll": "{{token}}"}"""))
        {
            Assert.Equal([publicId, privateId],
                peek.RootElement.GetProperty("result").GetProperty("notifications").EnumerateArray().Select(n => n.GetProperty("id").GetInt64()));
        }

        // A long-poll answers at once with what it may read: the public message only.
        using (var poll = await BusClient.PollAsync(port, """["private.payroll", "chat.public"]""", publicId - 1))
        {
            Assert.Equal([publicId], BusClient.Notifications(poll).Select(n => n.Id));
        }
        var withToken = """{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"channels": ["private.payroll"], "last": """ +
                        (publicId - 1) + ", \"channel_tokens\": {\"private.payroll\": \"" + token + "\"}}}";
        using (var response = await Servers.Http.PostAsync($"http://127.0.0.1:{port}/longpolling/poll", new StringContent(withToken, Encoding.UTF8, "application/json")))
        using (var poll = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Equal([privateId], BusClient.Notifications(poll).Select(n => n.Id));
        }
    }

    [Fact]
    public async Task AWebSocketWithoutTheTokenGetsNeitherHistoryNorNewMessagesOfAPrivateChannel()
    {
        var (server, port) = await Servers.StartThreadedAsync("--bus-private-channels", "private.payroll");
        await using var _ = server;
        var publicId = await BusClient.SendAsync(port, "chat.public", "chat.message", """{"n": 1}""");
        await BusClient.SendAsync(port, "private.payroll", "salary", """{"amount": 1}""");

        using var socket = await BusClient.ConnectAsync(port);
        await BusClient.SubscribeAsync(socket, """["private.payroll", "chat.public"]""", publicId - 1);
        Assert.Equal([publicId], Ids(await BusClient.ReceiveAsync(socket)));
        await BusClient.SendAsync(port, "private.payroll", "salary", """{"amount": 2}""");
        var laterPublic = await BusClient.SendAsync(port, "chat.public", "chat.message", """{"n": 2}""");
        Assert.Equal([laterPublic], Ids(await BusClient.ReceiveAsync(socket)));

        var token = await TokenAsync(port, "private.payroll");
        using var allowed = await BusClient.ConnectAsync(port);
        await BusClient.SendTextAsync(allowed, """{"event_name": "subscribe", "data": {"channels": ["private.payroll"], "last": """ +
                                               (publicId - 1) + ", \"channel_tokens\": {\"private.payroll\": \"" + token + "\"}}}");
        Assert.Equal(2, Ids(await BusClient.ReceiveAsync(allowed)).Length);
    }

    [Fact]
    public async Task OnlyTheAdminGetsTokens()
    {
        var (server, port) = await Servers.StartThreadedAsync("--bus-private-channels", "private.*");
        await using var _ = server;

        using var refused = await Servers.Http.PostAsync($"http://127.0.0.1:{port}/bus/channel_token",
            new StringContent("""{"channel": "private.payroll"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await TokenAsync(port, "private.payroll"); // the secret is made when first needed
        var secret = await File.ReadAllTextAsync(Path.Combine(server.WorkDirectory, "data", "bus-channel-secret"));
        Assert.Equal(64, secret.Trim().Length);
    }

    private static long[] Ids(string? frame)
    {
        Assert.NotNull(frame);
        using var json = JsonDocument.Parse(frame);
        return json.RootElement.EnumerateArray().Select(n => n.GetProperty("id").GetInt64()).ToArray();
    }

    private static async Task<string> TokenAsync(int port, string channel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/bus/channel_token")
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["channel"] = channel }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "admin");
        using var response = await Servers.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("token").GetString()!;
    }

    private static async Task<JsonDocument> PeekAsync(int port, string channelsJson, long last, string? tokens)
    {
        var body = """{"jsonrpc": "2.0", "method": "call", "id": 3, "params": {"channels": """ + channelsJson + ", \"last\": " + last +
                   (tokens is null ? "" : ", \"channel_tokens\": " + tokens) + "}}";
        using var response = await Servers.Http.PostAsync($"http://127.0.0.1:{port}/websocket/peek_notifications",
            new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
