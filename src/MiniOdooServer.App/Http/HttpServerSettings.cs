using Microsoft.Extensions.Logging;

namespace MiniOdooServer.App.Http;

/// <summary>How the executable wants one HTTP application hosted; everything process-specific comes in through here.</summary>
public sealed record HttpServerSettings
{
    public required ListenTarget Listen { get; init; }

    /// <summary>The logger factory of the process (Serilog in Odoo's format).</summary>
    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>How many connections may be open at once; 1 in a prefork HTTP worker (Odoo's one request at a time).</summary>
    public int? ConnectionLimit { get; init; }

    /// <summary>Close the connection after each response, as Odoo's prefork workers do.</summary>
    public bool CloseAfterResponse { get; init; }

    /// <summary>Time allowed for the request headers to arrive (ODOO_HTTP_SOCKET_TIMEOUT in a worker).</summary>
    public TimeSpan? RequestHeadersTimeout { get; init; }

    /// <summary>Concurrent requests allowed (ODOO_MAX_HTTP_THREADS in threaded mode); null is unbounded.</summary>
    public int? MaxConcurrentRequests { get; init; }

    /// <summary>Told of each request, in a prefork worker.</summary>
    public IRequestObserver? Observer { get; init; }

    /// <summary>Names the process that served a request in bench answers: pid, role, generation.</summary>
    public ProcessIdentity Identity { get; init; } = ProcessIdentity.Current("threaded", 0);
}
