namespace MiniOdooServer.Configuration.Options;

/// <summary>
/// The effective configuration of one mini-odoo run: defaults, overridden by the configuration file,
/// overridden by the command line. Immutable; a reload builds a new one.
/// Each property's default is the default of the Odoo option of the same name (see <see cref="OptionCatalog"/>).
/// </summary>
public sealed record ServerOptions
{
    /// <summary>The configuration file that was read, if any (<c>-c</c>, <c>ODOO_RC</c> or <c>~/.odoorc</c>).</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>http_port</c>: the main HTTP port. Defaults to 8069.</summary>
    public int HttpPort { get; init; } = 8069;

    /// <summary><c>http_interface</c>: the address to bind; empty means every IPv4 interface, as in Odoo.</summary>
    public string HttpInterface { get; init; } = "";

    /// <summary><c>http_enable</c>: false with <c>--no-http</c> (a cron-only node).</summary>
    public bool HttpEnable { get; init; } = true;

    /// <summary><c>gevent_port</c>: the port of the longpolling worker in prefork mode. Defaults to 8072.</summary>
    public int GeventPort { get; init; } = 8072;

    /// <summary><c>proxy_mode</c>: trust X-Forwarded-For/Proto/Host. Defaults to false.</summary>
    public bool ProxyMode { get; init; }

    /// <summary>
    /// <c>workers</c>: 0 is the threaded server, N a master with N HTTP worker processes. A negative value is a master
    /// without HTTP workers, as in Odoo (its deployment guide runs cron servers with <c>--workers=-1 --no-http</c>).
    /// </summary>
    public int Workers { get; init; }

    /// <summary>A prefork master (any <c>workers</c> but 0) rather than the threaded server.</summary>
    public bool Prefork => Workers != 0;

    /// <summary>The HTTP worker processes a prefork master keeps: none without HTTP or with a negative <c>workers</c>.</summary>
    public int HttpWorkerProcesses => HttpEnable ? Math.Max(Workers, 0) : 0;

    /// <summary>
    /// <c>http_pending_connections</c> (mini-odoo's own): connections a prefork HTTP worker holds while their requests
    /// are still arriving; only a request that has fully arrived takes the worker's one slot. 0 is Odoo's behaviour:
    /// one connection at a time, held from accept to response. Defaults to 1000.
    /// </summary>
    public int HttpPendingConnections { get; init; } = 1000;

    /// <summary>
    /// <c>worker_connections</c> (gunicorn's name): the most connections one process holds — the longpolling worker,
    /// the threaded server, each HTTP worker; over it a new connection is refused at once. 0 derives it from the
    /// open-files limit, less a reserve for the process's own files. Defaults to 0.
    /// </summary>
    public int WorkerConnections { get; init; }

    /// <summary>
    /// <c>listen_backlog</c> (mini-odoo's own; gunicorn's <c>backlog</c>): connections the kernel queues on each listening
    /// port before it drops new ones. 0, the default, takes the largest the kernel allows (<c>net.core.somaxconn</c>),
    /// at most 2048; Odoo uses 8 per worker, whose drops a client only sees as a 1 s or 3 s wait for its SYN's retry.
    /// </summary>
    public int ListenBacklog { get; init; }

    /// <summary><c>max_cron_threads</c>: cron threads (threaded) or cron worker processes (prefork). Defaults to 2.</summary>
    public int MaxCronThreads { get; init; } = 2;

    /// <summary>The per-worker and per-request limits (<c>limit_*</c>).</summary>
    public LimitOptions Limits { get; init; } = new();

    /// <summary><c>admin_passwd</c>: the master password; guards publishing, cron triggers, channel tokens, and the status and bench routes beyond local_networks (empty: closes them; the default is accepted from local_networks only). Defaults to "admin".</summary>
    public string AdminPassword { get; init; } = DefaultAdminPassword;

    /// <summary>
    /// <c>local_networks</c> (mini-odoo's own; Odoo has none): the client addresses that count as this machine. Such a
    /// client reads the status without a password and may use the default <c>admin_passwd</c>; every other client
    /// needs a password that is not the default. Defaults to loopback, 127.0.0.0/8 and ::1/128.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> LocalNetworks { get; init; } = DefaultLocalNetworks;

    /// <summary><c>data_dir</c>: where the embedded stores live. Defaults to ~/.local/share/mini-odoo.</summary>
    public string DataDir { get; init; } = DefaultDataDir();

    /// <summary>The PostgreSQL connection (<c>db_*</c>); unused while <c>db_host</c> and <c>db_name</c> are unset.</summary>
    public DatabaseOptions Database { get; init; } = new();

    /// <summary>The bus and its protocols (<c>websocket_*</c>, <c>longpolling_handover</c>).</summary>
    public BusOptions Bus { get; init; } = new();

    /// <summary><c>logfile</c>: append the log to this file instead of standard error.</summary>
    public string? LogFile { get; init; }

    /// <summary><c>log_level</c>: one of Odoo's level names. Defaults to "info".</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary><c>log_handler</c>: <c>PREFIX:LEVEL</c> pairs. Defaults to ":INFO".</summary>
    public IReadOnlyList<LogHandlerSpec> LogHandlers { get; init; } = [new LogHandlerSpec("", "INFO")];

    /// <summary>
    /// <c>gil</c> (mini-odoo's own): the bench module's CPU work holds one process-wide lock handed over every 5 ms,
    /// as CPython's GIL does, so that threaded mode behaves like a Python server. Defaults to false.
    /// </summary>
    public bool Gil { get; init; }

    /// <summary><c>pidfile</c>: written at start, removed at exit.</summary>
    public string? PidFile { get; init; }

    /// <summary><c>server_wide_modules</c>: which route modules load. Defaults to "base,web" (bus comes with web).</summary>
    public IReadOnlyList<string> ServerWideModules { get; init; } = DefaultServerWideModules;

    /// <summary>The <c>[cron:NAME]</c> sections of the configuration file, validated (not options: never written by --save).</summary>
    public IReadOnlyList<Cron.CronJobDefinition> CronJobs { get; init; } = [];

    public const string DefaultAdminPassword = "admin";

    /// <summary>Odoo's default <c>server_wide_modules</c>, also what an empty, False or None list means.</summary>
    public static readonly IReadOnlyList<string> DefaultServerWideModules = ["base", "web"];

    public static readonly IReadOnlyList<System.Net.IPNetwork> DefaultLocalNetworks =
        [System.Net.IPNetwork.Parse("127.0.0.0/8"), System.Net.IPNetwork.Parse("::1/128")];

    /// <summary>True when the interface is a loopback address, where the bench module is safe with the default password.</summary>
    public bool ListensOnLoopbackOnly =>
        HttpInterface is "127.0.0.1" or "localhost" or "::1" || HttpInterface.StartsWith("127.", StringComparison.Ordinal);

    public bool LoadsModule(string name) => ServerWideModules.Contains(name, StringComparer.Ordinal);

    private static string DefaultDataDir() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "mini-odoo");
}
