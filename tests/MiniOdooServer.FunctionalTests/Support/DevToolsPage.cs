using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// One Chromium tab over the DevTools protocol (a websocket of JSON commands): evaluates JavaScript in the page and
/// returns its value. Events the browser sends between answers are skipped.
/// </summary>
internal sealed class DevToolsPage : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private int _nextId;

    private DevToolsPage(ClientWebSocket socket) => _socket = socket;

    public static async Task<DevToolsPage> ConnectAsync(Uri url)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(url, timeout.Token);
        return new DevToolsPage(socket);
    }

    /// <summary>The value of <paramref name="expression"/> (awaited if it is a promise); a page exception fails the call.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var id = ++_nextId;
        var command = new JsonObject
        {
            ["id"] = id,
            ["method"] = "Runtime.evaluate",
            ["params"] = new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true },
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
        while (true)
        {
            using var answer = JsonDocument.Parse(await ReceiveAsync(timeout.Token));
            if (!answer.RootElement.TryGetProperty("id", out var answerId) || answerId.GetInt32() != id)
            {
                continue;
            }
            if (answer.RootElement.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"DevTools: {error}");
            }
            var result = answer.RootElement.GetProperty("result");
            if (result.TryGetProperty("exceptionDetails", out var exception))
            {
                throw new InvalidOperationException($"page exception: {exception}");
            }
            return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
        }
    }

    /// <summary>
    /// Evaluates <paramref name="condition"/> until it is true; fails with <paramref name="describe"/>'s value after
    /// <paramref name="timeout"/> (scaled as every test wait; <see cref="Wait.DefaultTimeout"/> when null).
    /// </summary>
    public async Task WaitForAsync(string condition, TimeSpan? timeout = null, string describe = "document.body.innerText")
    {
        var within = timeout is { } given ? Wait.Scaled(given) : Wait.DefaultTimeout;
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            // A page still loading has no elements yet: an exception counts as not yet.
            if (await EvaluateAsync($"(() => {{ try {{ return ({condition}); }} catch (e) {{ return false; }} }})()") is { ValueKind: JsonValueKind.True })
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"still not true after {within.TotalSeconds} s: {condition}\npage: {await EvaluateAsync(describe)}");
    }

    private async Task<string> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("DevTools closed the page's connection");
            }
            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(text.ToArray());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}
