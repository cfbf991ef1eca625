using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.App.Http.Transport;
using MiniOdooServer.App.Monitoring;

namespace MiniOdooServer.App.Http;

/// <summary>How the executable wants one HTTP application hosted; everything process-specific comes in through here.</summary>
public sealed record HttpServerSettings
{
    public required ListenTarget Listen { get; init; }

    /// <summary>The logger factory of the process (Serilog in Odoo's format).</summary>
    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>Where the werkzeug access lines go; null: through <see cref="LoggerFactory"/>'s <c>werkzeug</c> logger.</summary>
    public IAccessLog? AccessLog { get; init; }

    /// <summary>
    /// When an inherited socket may accept: only while the request slot is free in a prefork HTTP worker, up to a
    /// ceiling of connections elsewhere; the process closes it to stop accepting before its host stops.
    /// </summary>
    public ConnectionAdmission? Admission { get; init; }

    /// <summary>A prefork HTTP worker's one request slot (Odoo's one request at a time), taken once a request has fully arrived.</summary>
    public RequestSlot? Slot { get; init; }

    /// <summary>Close the connection after each response, as Odoo's prefork workers do.</summary>
    public bool CloseAfterResponse { get; init; }

    /// <summary>
    /// A prefork worker's ODOO_HTTP_SOCKET_TIMEOUT: the silence allowed before a request's first byte; the whole head
    /// then has <see cref="ClientLimits.HeadersTimeout"/>. Null keeps Kestrel's keep-alive and header timeouts.
    /// </summary>
    public TimeSpan? SocketTimeout { get; init; }

    /// <summary>Concurrent requests allowed (ODOO_MAX_HTTP_THREADS in threaded mode); null is unbounded.</summary>
    public int? MaxConcurrentRequests { get; init; }

    /// <summary>
    /// Keep the list of requests in flight (<see cref="Diagnostics.InFlightRequests"/>) that SIGQUIT logs in threaded
    /// mode. A prefork worker's SIGQUIT answer is the master's worker table, so no one reads its list; and in the
    /// longpolling worker each of thousands of waiting polls would keep an entry for nothing.
    /// </summary>
    public bool TrackInFlightRequests { get; init; } = true;

    /// <summary>Told of each request, in a prefork worker.</summary>
    public IRequestObserver? Observer { get; init; }

    /// <summary>Where long-polls and websockets are served; here by default (the threaded server).</summary>
    public RealtimeHosting Realtime { get; init; } = new RealtimeHosting.Local();

    /// <summary>The bus's fixed times (poll timeout, ping interval…); Odoo's values by default.</summary>
    public BusTimings BusTimings { get; init; } = new();

    /// <summary>Counts each finished request and each published bus message where every process can read them.</summary>
    public IRequestCounters? Counters { get; init; }

    /// <summary>The server's status for <c>/web/server/status</c>, the dashboard and <c>/metrics</c>.</summary>
    public IServerStatusSource? Status { get; init; }

    /// <summary>
    /// The socket transport of an inherited socket sends a response on the thread that wrote it, instead of queueing
    /// each send behind the work already queued (Kestrel's UnsafePreferInlineScheduling). For the longpolling worker:
    /// a broadcast queues thousands of woken requests at once, and each one's send then waited behind all of them
    /// (docs/long-polling.md, "A broadcast to thousands of waiting clients"). The bus store's calls
    /// then run on the thread pool (<see cref="Bus.ThreadPoolBusStore"/>), so no blocking call runs on a socket's thread.
    /// </summary>
    public bool InlineSocketScheduling { get; init; }

    /// <summary>Names the process that served a request in bench answers: pid, role, generation.</summary>
    public ProcessIdentity Identity { get; init; } = ProcessIdentity.Current("threaded", 0);
}
