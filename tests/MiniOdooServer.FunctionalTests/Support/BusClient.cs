using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>A client of mini-odoo's bus over real HTTP and websockets: publish, long-poll, subscribe.</summary>
internal static class BusClient
{
    /// <summary>POST /bus/send with the admin bearer; returns the new message id.</summary>
    public static async Task<long> SendAsync(int port, string channel, string type, string payloadJson, string password = "admin")
    {
        using var response = await SendRawAsync(port, $$$"""{"channel": {{{JsonSerializer.Serialize(channel)}}}, "type": "{{{type}}}", "payload": {{{payloadJson}}}}""", password);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/bus/send answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id").GetInt64();
    }

    public static async Task<HttpResponseMessage> SendRawAsync(int port, string body, string? password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/bus/send")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (password is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", password);
        }
        return await Servers.Http.SendAsync(request);
    }

    /// <summary>POST /longpolling/poll; returns the whole JSON-RPC answer.</summary>
    public static Task<JsonDocument> PollAsync(int port, string channelsJson, long last, CancellationToken cancellationToken = default) =>
        PollAsync(port, """{"channels": """ + channelsJson + """, "last": """ + last + """, "options": {}}""", cancellationToken);

    /// <summary>POST /longpolling/poll with these params (a JSON object); returns the whole JSON-RPC answer.</summary>
    public static async Task<JsonDocument> PollAsync(int port, string paramsJson, CancellationToken cancellationToken = default)
    {
        var body = """{"jsonrpc": "2.0", "method": "call", "id": 7, "params": """ + paramsJson + "}";
        using var response = await Servers.Http.PostAsync($"http://127.0.0.1:{port}/longpolling/poll",
            new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>
    /// Waits until <paramref name="count"/> long-polls wait in the bus of the process serving <paramref name="port"/>
    /// (the gevent port in prefork mode, the threaded server's port): after this, a publish wakes them.
    /// </summary>
    public static Task WaitForWaitingPollsAsync(int port, int count = 1) =>
        Monitoring.StatusClient.WaitForAsync(port, "mini_odoo_bus_waiting_polls", waiting => waiting >= count, $">= {count}");

    /// <summary>The result list of a poll answer: (id, channel, payload text).</summary>
    public static (long Id, string Channel, string Type, string Payload)[] Notifications(JsonDocument answer)
    {
        Assert.True(answer.RootElement.TryGetProperty("result", out var result), "expected a result: " + answer.RootElement);
        return result.EnumerateArray()
            .Select(n => (n.GetProperty("id").GetInt64(), n.GetProperty("channel").GetString()!,
                n.GetProperty("message").GetProperty("type").GetString()!, n.GetProperty("message").GetProperty("payload").GetRawText()))
            .ToArray();
    }

    public static async Task<ClientWebSocket> ConnectAsync(int port)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", $"http://127.0.0.1:{port}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/websocket"), timeout.Token);
        return socket;
    }

    public static Task SubscribeAsync(ClientWebSocket socket, string channelsJson, long last) =>
        SendTextAsync(socket, """{"event_name": "subscribe", "data": {"channels": """ + channelsJson + """, "last": """ + last + "}}");

    public static async Task SendTextAsync(ClientWebSocket socket, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next text message, or null when the server closed (then CloseStatus tells how).</summary>
    public static async Task<string?> ReceiveAsync(ClientWebSocket socket, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    /// <summary>Reads until the server's close frame; returns its status (the client answers the close).</summary>
    public static async Task<WebSocketCloseStatus?> ReceiveCloseAsync(ClientWebSocket socket, TimeSpan within)
    {
        try
        {
            while (await ReceiveAsync(socket, within) is not null)
            {
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
        return socket.CloseStatus;
    }
}
