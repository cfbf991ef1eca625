using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MiniOdooServer.App.Http;

/// <summary>
/// What a client is allowed before its connection is closed, in every process: a body must keep coming at 2 KB/s once
/// 3 s have passed (Kestrel's default, 240 B/s, lets a client hold a connection for over an hour with one request).
/// No body over its route's limit is read (<see cref="RequestSlotMiddleware"/>, in HTTP workers and the threaded server);
/// a prefork worker adds its socket timeout (<see cref="HttpServerSettings"/>).
/// Kestrel's own cap on a body (30 MB) stays: it is what Kestrel reads and drops after refusing one, so that the
/// client can read the refusal.
/// </summary>
public static class ClientLimits
{
    /// <summary>The largest body a route accepts unless it says less (Odoo's websocket MESSAGE_MAX_SIZE); over it: 413.</summary>
    public const long MaxBodyBytes = 1 << 20;

    /// <summary>The slowest body accepted once the grace has passed; slower: 408.</summary>
    public static readonly MinDataRate MinBodyRate = new(bytesPerSecond: 2048, gracePeriod: TimeSpan.FromSeconds(3));

    /// <summary>A prefork worker's time for the whole request head, counted from its first byte (then 408).</summary>
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(10);
}
