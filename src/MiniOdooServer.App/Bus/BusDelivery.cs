using System.Collections;

namespace MiniOdooServer.App.Bus;

/// <summary>
/// Notifications on their way to one or many clients, with their JSON serialized at most once per shape and shared
/// by every client that gets the same notifications: a websocket frame (<c>[{id, message}]</c>) and a long-poll
/// result (<c>[{id, channel, message}]</c>).
/// </summary>
public sealed class BusDelivery : IReadOnlyList<BusNotification>
{
    public static readonly BusDelivery Empty = new([]);

    private readonly IReadOnlyList<BusNotification> _notifications;
    private byte[]? _webSocketFrame;
    private byte[]? _pollResult;

    public BusDelivery(IReadOnlyList<BusNotification> notifications)
    {
        _notifications = notifications;
    }

    public int Count => _notifications.Count;

    public BusNotification this[int index] => _notifications[index];

    /// <summary>The websocket text frame's payload: a JSON array of <c>{id, message}</c>.</summary>
    public ReadOnlyMemory<byte> WebSocketFrame =>
        _webSocketFrame ?? Interlocked.CompareExchange(ref _webSocketFrame, BusJson.NotificationsArray(_notifications, withChannel: false), null) ?? _webSocketFrame;

    /// <summary>The long-poll's JSON-RPC result: a JSON array of <c>{id, channel, message}</c>.</summary>
    public ReadOnlyMemory<byte> PollResult =>
        _pollResult ?? Interlocked.CompareExchange(ref _pollResult, BusJson.NotificationsArray(_notifications, withChannel: true), null) ?? _pollResult;

    public IEnumerator<BusNotification> GetEnumerator() => _notifications.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
