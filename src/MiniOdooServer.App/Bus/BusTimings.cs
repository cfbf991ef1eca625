namespace MiniOdooServer.App.Bus;

/// <summary>
/// The bus's fixed times, Odoo's values by default (bus/models/bus.py TIMEOUT, bus/websocket.py). Injected so that
/// tests run them in milliseconds instead of waiting 45 s.
/// </summary>
public sealed record BusTimings
{
    /// <summary>How long a long-poll waits for a message before answering an empty list (Odoo's TIMEOUT = 50 s).</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary>With <c>last = 0</c>, messages this recent are returned (Odoo's _poll: create_date within TIMEOUT).</summary>
    public TimeSpan RecentWindow { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary>A websocket that has been silent this long is pinged (Odoo's INACTIVITY_TIMEOUT = 45 s).</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>A ping unanswered this long drops the connection (Odoo's TIMEOUT = 15 s).</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>After the server's close frame, how long the client has to answer before the connection is cut.</summary>
    public TimeSpan CloseHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often old messages are garbage-collected.</summary>
    public TimeSpan GcInterval { get; init; } = TimeSpan.FromMinutes(10);
}
