using MiniOdooServer.App.Bus;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>The limits one websocket lives under: its lifetime, rate limit, message size and heartbeat times.</summary>
internal sealed record WebSocketPolicy(
    TimeSpan KeepAlive, int RateLimitBurst, TimeSpan RateLimitDelay, int MaxMessageBytes, BusTimings Timings)
{
    /// <summary>Odoo's MESSAGE_MAX_SIZE = 2**20.</summary>
    public const int MessageMaxSize = 1 << 20;

    public static WebSocketPolicy From(BusOptions options, BusTimings timings) => new(
        TimeSpan.FromSeconds(options.KeepAliveTimeout), options.RateLimitBurst,
        TimeSpan.FromSeconds(options.RateLimitDelay), MessageMaxSize, timings);

    /// <summary>Odoo adds 0–50 % to websocket_keep_alive_timeout so that clients do not all reconnect at once.</summary>
    public TimeSpan LifetimeWithJitter(Random random) => KeepAlive * (1 + random.NextDouble() * 0.5);
}
