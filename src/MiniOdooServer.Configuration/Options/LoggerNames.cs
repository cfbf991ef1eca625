namespace MiniOdooServer.Configuration.Options;

/// <summary>
/// Every logger name mini-odoo writes under: Odoo's own name for the same event, so that a <c>log_handler</c> copied from
/// a real Odoo configuration (<c>odoo:WARNING</c>, <c>odoo.service.server:WARNING</c>, <c>werkzeug:WARNING</c>) silences
/// or raises the same lines. Events only mini-odoo has sit under <c>odoo.</c> beside the closest Odoo module, so that
/// <c>odoo:LEVEL</c> covers them, and never under <c>odoo.service.server</c>, which must keep the server's lines alone.
/// Public: the App project and the server's roles both log.
/// </summary>
public static class LoggerNames
{
    /// <summary>Mirrors <c>odoo</c>, the logger of Odoo's <c>cli/server.py</c>: version, configuration file, start-up warnings.</summary>
    public const string Cli = "odoo";

    /// <summary>Mirrors <c>odoo.service.server</c> (server.py): start, stop, reload and the life of the master and every worker.</summary>
    public const string Server = "odoo.service.server";

    /// <summary>Mirrors <c>werkzeug</c>: one access line per request.</summary>
    public const string Requests = "werkzeug";

    /// <summary>Mirrors <c>odoo.http</c> (http.py): a request that failed, a client's fault.</summary>
    public const string Http = "odoo.http";

    /// <summary>mini-odoo only, under <c>odoo.http</c>: the accept loop (descriptors exhausted, worker_connections reached).</summary>
    public const string HttpTransport = "odoo.http.transport";

    /// <summary>mini-odoo only, in <c>odoo.service</c> beside <c>odoo.service.db</c> (Odoo's master password check): refused and throttled admin credentials.</summary>
    public const string Security = "odoo.service.security";

    /// <summary>Mirrors <c>odoo.modules.module</c>, which loads the server-wide modules.</summary>
    public const string Modules = "odoo.modules.module";

    /// <summary>Mirrors <c>odoo.addons.bus.models.bus</c>: the Bus.loop lines and the bus garbage collection.</summary>
    public const string Bus = "odoo.addons.bus.models.bus";

    /// <summary>Mirrors <c>odoo.addons.bus.websocket</c>: websocket sessions.</summary>
    public const string WebSocket = "odoo.addons.bus.websocket";

    /// <summary>mini-odoo only, in the bus addon: the HTTP port handing long-polls and websockets to the longpolling worker.</summary>
    public const string BusHandOver = "odoo.addons.bus.handover";

    /// <summary>Mirrors <c>odoo.addons.base.models.ir_cron</c>: cron jobs starting, done, failed.</summary>
    public const string Cron = "odoo.addons.base.models.ir_cron";

    /// <summary>mini-odoo only, named as an Odoo addon's logger: the bench module's routes.</summary>
    public const string Bench = "odoo.addons.bench";
}
