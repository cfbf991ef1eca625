namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>Why a line of the log did not become an <see cref="AccessRecord"/>.</summary>
internal enum SkipReason
{
    /// <summary>A log line of another logger (odoo.modules.loading, odoo.addons.…, werkzeug's own messages are not this).</summary>
    OtherLogger,

    /// <summary>A line without the log's timestamp prefix: a traceback or the rest of a multi-line message.</summary>
    Continuation,

    /// <summary>An empty line.</summary>
    Blank,

    /// <summary>An access line whose figures are <c>- - -</c> (or <c>- - - -</c>): the request was not timed by Odoo.</summary>
    NoFigures,

    /// <summary>
    /// A timed long-polling or websocket request (<c>/longpolling/…</c>, <c>/websocket…</c>): its seconds are an idle
    /// wait for notifications, and in a prefork deployment the gevent process serves it, not an HTTP worker.
    /// </summary>
    LongPolling,

    /// <summary>A line of the access logger that is not a request line (e.g. werkzeug's "Error on request").</summary>
    NotARequest,

    /// <summary>A request line whose status or figures do not parse.</summary>
    Malformed,

    /// <summary>A line holding control bytes (NUL and the like): garbage written into the log.</summary>
    Unreadable,

    /// <summary>A line longer than <see cref="OdooLogReader.MaxLineBytes"/>: dropped unread to keep memory bounded.</summary>
    TooLong,
}
