namespace MiniOdooServer.Configuration.Options;

/// <summary>
/// The realtime options: the bus and its two protocols. The <c>websocket_*</c> keys and defaults are Odoo 17/18's;
/// <c>longpolling_handover</c> and <c>bus_gc_retention_seconds</c> are mini-odoo's.
/// </summary>
public sealed record BusOptions
{
    /// <summary>
    /// <c>longpolling_handover</c>: a prefork HTTP worker passes <c>/longpolling/poll</c> and <c>/websocket</c> on to
    /// the longpolling worker instead of refusing them as Odoo does. Defaults to true.
    /// </summary>
    public bool Handover { get; init; } = true;

    /// <summary><c>websocket_keep_alive_timeout</c>: seconds a websocket lives (plus 0–50 % jitter) before close 4002. Defaults to 3600.</summary>
    public int KeepAliveTimeout { get; init; } = 3600;

    /// <summary><c>websocket_rate_limit_burst</c>: messages a client may send within burst × delay; 0 disables. Defaults to 10.</summary>
    public int RateLimitBurst { get; init; } = 10;

    /// <summary><c>websocket_rate_limit_delay</c>: seconds per message of the rate limit. Defaults to 0.2.</summary>
    public double RateLimitDelay { get; init; } = 0.2;

    /// <summary><c>bus_gc_retention_seconds</c>: messages older than this are deleted (Odoo 18's bus.gc_retention_seconds). Defaults to 86400.</summary>
    public int GcRetentionSeconds { get; init; } = 86400;

    /// <summary>
    /// <c>bus_private_channels</c>: channels a client reads only with a token (a name, or a prefix ending with
    /// <c>*</c>); other channels stay public, as Odoo's. Defaults to none.
    /// </summary>
    public IReadOnlyList<string> PrivateChannels { get; init; } = [];

    /// <summary>
    /// <c>bus_channel_secret</c>: the key of the private channels' tokens; unset, a random one is kept in
    /// <c>data_dir/bus-channel-secret</c> (mode 0600), shared by every process of the server. Set it when several
    /// machines share one PostgreSQL bus. Defaults to unset.
    /// </summary>
    public string? ChannelSecret { get; init; }
}
