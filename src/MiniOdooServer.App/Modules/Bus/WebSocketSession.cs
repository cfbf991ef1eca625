using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// One websocket of Odoo's bus protocol. The client sends <c>{"event_name": "subscribe", "data": {"channels": [...],
/// "last": N, "channel_tokens": {...}}}</c> (tokens open private channels, see <see cref="ChannelAccess"/>); the server sends each batch of notifications as one text frame holding a JSON array of
/// <c>{id, message}</c>. Two loops share the socket: receiving (events, limits) and sending (woken by the dispatcher).
/// Whoever decides first how the connection ends wins: the client's close, a limit (1009, 1013, 1003), the lifetime
/// (4002), the server stopping (1001), or a dead peer (no close frame, as Odoo's abnormal closure).
/// An idle session holds as little as it can, since the longpolling worker keeps thousands: no receive buffer, no
/// timer (its lifetime is a <see cref="TimerWheel"/> entry), and a send loop waiting on its subscription alone.
/// </summary>
internal sealed class WebSocketSession
{
    private const int ReceiveChunk = 4 * 1024;

    private readonly WebSocket _socket;
    private readonly BusDispatcher _bus;
    private readonly WebSocketPolicy _policy;
    private readonly ChannelAccess _access;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _lock = new();
    private readonly BusSubscription _subscription;
    private readonly WebSocketRateLimiter _rateLimiter;
    private Ending? _ending;
    private long _last;
    private int _subscribeGeneration;

    public WebSocketSession(WebSocket socket, BusDispatcher bus, WebSocketPolicy policy, ChannelAccess access, TimeProvider time, ILogger log)
    {
        _access = access;
        _socket = socket;
        _bus = bus;
        _policy = policy;
        _time = time;
        _log = log;
        _subscription = bus.Subscribe([]);
        _rateLimiter = new WebSocketRateLimiter(policy.RateLimitBurst, policy.RateLimitDelay, time);
    }

    /// <summary>How the session ends: a close frame to send (code, reason), an echo of the client's, or a cut.</summary>
    private sealed record Ending(int? Code, string Reason, bool ClientClosed = false);

    /// <remarks>
    /// It does not watch the request's abort token: a connection that drops ends the pending receive, which ends the
    /// session; asking for the token would make each idle connection keep a token source and a registration more.
    /// </remarks>
    public async Task RunAsync()
    {
        using var lifetime = _bus.Deadlines.Schedule(_policy.LifetimeWithJitter(Random.Shared),
            static session => ((WebSocketSession)session!).End(new Ending(WebSocketCloseCode.KeepAliveTimeout, "KEEP_ALIVE_TIMEOUT")), this);
        // Runs until its first wait (a zero-byte read), then on its own.
        var receiving = ReceiveLoopAsync();
        try
        {
            await SendLoopAsync();
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            End(new Ending(null, "send failed"));
        }
        catch (BusUnavailableException e)
        {
            _log.LogError("Websocket closed: bus.Bus unavailable: {Reason}", e.Message);
            End(new Ending(WebSocketCloseCode.TryLater, "TRY_LATER"));
        }
        await CloseAsync(receiving);
        _subscription.Dispose();
        _stop.Dispose();
    }

    private void End(Ending ending)
    {
        lock (_lock)
        {
            if (_ending is not null)
            {
                return;
            }
            _ending = ending;
        }
        _subscription.Close(); // ends the send loop's wait
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>
    /// Sends what the subscription's channels got since <c>last</c>, each time the dispatcher (or a subscribe) wakes it:
    /// from the scan's batch when it holds them (the frame is then shared with every subscriber that gets the same
    /// messages), else from the store. Ends when the subscription is closed: by <see cref="End"/>, or by the dispatcher
    /// when the server stops (then 1001).
    /// </summary>
    private async Task SendLoopAsync()
    {
        while (await _subscription.WaitAsync())
        {
            var batch = _subscription.TakeBatch();
            while (true)
            {
                IReadOnlyCollection<string> channels;
                long last;
                int generation;
                lock (_lock)
                {
                    (channels, last, generation) = (_subscription.Channels, _last, _subscribeGeneration);
                }
                if (channels.Count == 0)
                {
                    break;
                }
                var found = batch?.DeliveryFor(channels, last) ?? await _bus.FetchAsync(channels, last, _stop.Token);
                batch = null; // a further round reads the store
                if (found.Count == 0)
                {
                    break;
                }
                // Not cancelled with _stop: cancelling a send would abort the socket, and a stopping server still wants
                // to send its 1001 close frame afterwards. A send stuck on a dead peer fails when CloseAsync aborts it.
                await _socket.SendAsync(found.WebSocketFrame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                lock (_lock)
                {
                    // A subscribe that arrived meanwhile set its own last; keep it.
                    if (generation == _subscribeGeneration)
                    {
                        _last = found[^1].Id;
                    }
                }
                if (found.Count < BusDispatcher.BatchSize)
                {
                    break;
                }
            }
        }
        if (_bus.ShuttingDown.IsCancellationRequested)
        {
            End(new Ending(WebSocketCloseCode.GoingAway, "GOING_AWAY"));
        }
    }

    /// <summary>
    /// Reads messages until the client closes or the connection fails; after an ending is decided, only drains. An
    /// idle connection holds no buffer: it waits with a zero-byte read and rents one only when a frame arrives, so
    /// thousands of idle websockets cost the worker little memory.
    /// </summary>
    private async Task ReceiveLoopAsync()
    {
        ArrayBufferWriter<byte>? message = null;
        var tooBig = false;
        try
        {
            while (true)
            {
                await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                var chunk = ArrayPool<byte>.Shared.Rent(ReceiveChunk);
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await _socket.ReceiveAsync(chunk.AsMemory(), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        End(new Ending(null, "client closed", ClientClosed: true));
                        return;
                    }
                    if (_stop.IsCancellationRequested)
                    {
                        continue; // closing: only the client's close frame matters now
                    }
                    if (!tooBig)
                    {
                        message ??= new ArrayBufferWriter<byte>(result.Count);
                        if (message.WrittenCount + result.Count > _policy.MaxMessageBytes)
                        {
                            tooBig = true;
                        }
                        else
                        {
                            message.Write(chunk.AsSpan(0, result.Count));
                        }
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                }
                if (!result.EndOfMessage)
                {
                    continue;
                }
                if (tooBig)
                {
                    End(new Ending(WebSocketCloseCode.MessageTooBig, "MESSAGE_TOO_BIG"));
                }
                else if (!_rateLimiter.TryAdmit())
                {
                    End(new Ending(WebSocketCloseCode.TryLater, "TRY_LATER"));
                }
                else if (result.MessageType != WebSocketMessageType.Text)
                {
                    End(new Ending(WebSocketCloseCode.IncorrectData, "binary messages are not supported"));
                }
                else if (await HandleMessageAsync(message!.WrittenMemory) is { } problem)
                {
                    End(new Ending(WebSocketCloseCode.IncorrectData, problem));
                }
                message = null; // a message's buffer is not kept while the connection idles
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer vanished, broke the protocol (the runtime already answered 1002/1007), or missed the pong.
            End(new Ending(null, e.Message));
        }
        catch (BusUnavailableException e)
        {
            _log.LogError("Websocket closed: bus.Bus unavailable: {Reason}", e.Message);
            End(new Ending(WebSocketCloseCode.TryLater, "TRY_LATER"));
        }
    }

    /// <summary>Handles one event; returns why it is refused, or null.</summary>
    private async Task<string?> HandleMessageAsync(ReadOnlyMemory<byte> text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return "Invalid JSON data";
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !root.TryGetProperty("event_name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return "Key 'event_name' is missing from request";
            }
            if (name.GetString() != "subscribe")
            {
                // Odoo hands other events (update_presence…) to ir.websocket; mini-odoo has no presence: ignored.
                return null;
            }
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
                !data.TryGetProperty("channels", out var channelsElement))
            {
                return "subscribe needs data.channels";
            }
            var (channels, channelError) = ChannelList.Read(channelsElement);
            var (last, lastError) = ChannelList.ReadLast(data);
            var (tokens, tokensError) = ChannelList.ReadTokens(data);
            if ((channelError ?? lastError ?? tokensError) is { } problem)
            {
                return problem;
            }
            // A private channel without its token is left out, its history with it.
            channels = _access.Readable(channels!, tokens);
            // A last above the bus's last id comes from a bus that was reset: start again from 0, as Odoo does.
            if (last > await _bus.Store.LastIdAsync(_stop.Token))
            {
                last = 0;
            }
            lock (_lock)
            {
                _bus.Resubscribe(_subscription, channels!);
                _last = last;
                _subscribeGeneration++;
            }
            _subscription.Notify();
            return null;
        }
    }

    /// <summary>Ends the connection as decided, bounded by the close-handshake timeout.</summary>
    private async Task CloseAsync(Task receiving)
    {
        var ending = _ending ?? new Ending(null, "ended");
        using var deadline = new CancellationTokenSource(_policy.Timings.CloseHandshakeTimeout, _time);
        try
        {
            if (ending.ClientClosed && _socket.State == WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, _socket.CloseStatusDescription, deadline.Token);
            }
            else if (ending.Code is { } code && _socket.State == WebSocketState.Open)
            {
                var reason = Truncate(ending.Reason);
                _log.LogInformation("Websocket closed with {Code} {Reason}", code, reason);
                await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, deadline.Token);
                // The client answers with its close frame, which ends the receive loop.
                await receiving.WaitAsync(deadline.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or TimeoutException)
        {
        }
        if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _socket.Abort();
        }
        try
        {
            await receiving;
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
        }
    }

    /// <summary>A close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5: control frames carry 125 bytes).</summary>
    private static string Truncate(string reason)
    {
        while (Encoding.UTF8.GetByteCount(reason) > 123)
        {
            reason = reason[..^1];
        }
        return reason;
    }
}
