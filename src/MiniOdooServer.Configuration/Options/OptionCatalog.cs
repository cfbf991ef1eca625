using MiniOdooServer.Configuration.Values;

namespace MiniOdooServer.Configuration.Options;

/// <summary>
/// Every option mini-odoo reads, with Odoo's key, flags and defaults (the defaults live in <see cref="ServerOptions"/>).
/// Keys in a configuration file that are not listed here are accepted and reported once as not implemented.
/// </summary>
public static class OptionCatalog
{
    private static readonly OptionalSyntax<int> OptionalPort = new(IntegerSyntax.Port);
    // Odoo 16 and 17 save longpolling_port = 0 ("not used"), so 0 must read as unset rather than as a bad port.
    private static readonly OptionalSyntax<int> DeprecatedPort = new(new IntegerSyntax(0, 65535, "a port number from 1 to 65535 (0: unset)"));
    private static readonly OptionalSyntax<long> OptionalSize = new(ByteSizeSyntax.Instance);
    private static readonly ListSyntax<string> ModuleList = new(NameSyntax.Instance);
    private static readonly ListSyntax<System.Net.IPNetwork> NetworkList = new(NetworkSyntax.Instance);
    private static readonly ListSyntax<string> ChannelPatternList = new(ChannelPatternSyntax.Instance);
    private static readonly ListSyntax<LogHandlerSpec> LogHandlerList = new(LogHandlerSyntax.Instance);

    public static IReadOnlyList<OptionDefinition> All { get; } =
    [
        // Common options
        Define("http_port", ["--http-port", "-p", "--xmlrpc-port"], "Listen port for the main HTTP service.",
            IntegerSyntax.Port, o => o.HttpPort, (o, v) => o with { HttpPort = v }, aliases: ["xmlrpc_port"]),
        Define("http_interface", ["--http-interface", "--xmlrpc-interface"],
            "Listen interface address for HTTP services; empty means all IPv4 interfaces.",
            TextSyntax.Optional, o => o.HttpInterface, (o, v) => o with { HttpInterface = v ?? "" }, aliases: ["xmlrpc_interface"]),
        Define("http_enable", ["--no-http", "--no-xmlrpc"], "Disable the HTTP and longpolling services entirely.",
            BooleanSyntax.Instance, o => o.HttpEnable, (o, v) => o with { HttpEnable = v }, aliases: ["xmlrpc"], switchValue: "False"),
        Define("gevent_port", ["--gevent-port"], "Listen port for the longpolling worker (prefork mode).",
            IntegerSyntax.Port, o => o.GeventPort, (o, v) => o with { GeventPort = v }),
        Define("longpolling_port", ["--longpolling-port"], "Deprecated alias of gevent_port.",
            DeprecatedPort, _ => null, (o, v) => v is > 0 and { } port ? o with { GeventPort = port } : o, hidden: true,
            deprecation: "The longpolling-port is a deprecated alias to the gevent-port option, please use the latter."),
        Define("proxy_mode", ["--proxy-mode"], "Trust X-Forwarded-For, X-Forwarded-Proto and X-Forwarded-Host (behind a reverse proxy).",
            BooleanSyntax.Instance, o => o.ProxyMode, (o, v) => o with { ProxyMode = v }, switchValue: "True"),
        // Odoo loads its default modules when the list is empty, False or None; so does mini-odoo.
        Define("server_wide_modules", ["--load"], "Comma-separated list of route modules to load (web, bus, bench).",
            ModuleList, o => o.ServerWideModules,
            (o, v) => o with { ServerWideModules = v.Count == 0 ? ServerOptions.DefaultServerWideModules : v }),
        Define("data_dir", ["--data-dir", "-D"], "Directory where mini-odoo keeps its embedded stores.",
            TextSyntax.Required, o => o.DataDir, (o, v) => o with { DataDir = v ?? "" }),
        Define("admin_passwd", [], "Master password: guards publishing, cron triggers and channel tokens, and status and bench routes beyond local_networks.",
            TextSyntax.Optional, o => o.AdminPassword, (o, v) => o with { AdminPassword = v ?? "" }),
        Define("local_networks", ["--local-networks"],
            "Client networks (CIDR) that count as this machine: status without a password, and the default admin_passwd accepted.",
            NetworkList, o => o.LocalNetworks, (o, v) => o with { LocalNetworks = v }),
        Define("pidfile", ["--pidfile"], "File where the server pid is stored.",
            TextSyntax.OptionalPath, o => o.PidFile, (o, v) => o with { PidFile = v }),
        Define("gil", ["--gil"],
            "Emulate CPython's GIL: bench CPU work holds one lock per process, handed over every 5 ms and released while waiting for I/O.",
            BooleanSyntax.Instance, o => o.Gil, (o, v) => o with { Gil = v }, switchValue: "True"),

        // Realtime options (the bus, long-polling and websockets)
        Define("longpolling_handover", ["--longpolling-handover"],
            "Prefork: an HTTP worker passes /longpolling/poll and /websocket on to the longpolling worker; False refuses them as Odoo does.",
            BooleanSyntax.Instance, o => o.Bus.Handover, (o, v) => o with { Bus = o.Bus with { Handover = v } }),
        Define("websocket_keep_alive_timeout", ["--websocket-keep-alive-timeout"],
            "Seconds a websocket lives (plus 0-50 % jitter) before it is closed with 4002.",
            IntegerSyntax.Positive, o => o.Bus.KeepAliveTimeout, (o, v) => o with { Bus = o.Bus with { KeepAliveTimeout = v } }),
        Define("websocket_rate_limit_burst", ["--websocket-rate-limit-burst"],
            "Messages a websocket client may send within burst x delay before it is closed with 1013; 0 disables.",
            IntegerSyntax.NonNegative, o => o.Bus.RateLimitBurst, (o, v) => o with { Bus = o.Bus with { RateLimitBurst = v } }),
        Define("websocket_rate_limit_delay", ["--websocket-rate-limit-delay"],
            "Seconds per message of the websocket rate limit.",
            SecondsSyntax.NonNegative, o => o.Bus.RateLimitDelay, (o, v) => o with { Bus = o.Bus with { RateLimitDelay = v } }),
        Define("bus_gc_retention_seconds", ["--bus-gc-retention-seconds"],
            "Bus messages older than this many seconds are deleted.",
            IntegerSyntax.Positive, o => o.Bus.GcRetentionSeconds, (o, v) => o with { Bus = o.Bus with { GcRetentionSeconds = v } }),
        Define("bus_private_channels", ["--bus-private-channels"],
            "Channels (a trailing * matches a prefix) read only with a token from POST /bus/channel_token.",
            ChannelPatternList, o => o.Bus.PrivateChannels, (o, v) => o with { Bus = o.Bus with { PrivateChannels = v } }),
        Define("bus_channel_secret", [],
            "Key of the private channels' tokens; False keeps a random one in data_dir/bus-channel-secret.",
            TextSyntax.Optional, o => o.Bus.ChannelSecret, (o, v) => o with { Bus = o.Bus with { ChannelSecret = v } }),

        // Database options
        Define("db_host", ["--db_host"], "PostgreSQL host, for a bus shared by several machines.",
            TextSyntax.Optional, o => o.Database.Host, (o, v) => o with { Database = o.Database with { Host = v } }),
        Define("db_port", ["--db_port"], "PostgreSQL port.",
            OptionalPort, o => o.Database.Port, (o, v) => o with { Database = o.Database with { Port = v } }),
        Define("db_user", ["--db_user", "-r"], "PostgreSQL user name.",
            TextSyntax.Optional, o => o.Database.User, (o, v) => o with { Database = o.Database with { User = v } }),
        Define("db_password", ["--db_password", "-w"], "PostgreSQL password.",
            TextSyntax.Optional, o => o.Database.Password, (o, v) => o with { Database = o.Database with { Password = v } }),
        Define("db_name", ["--database", "-d"], "PostgreSQL database holding the bus and cron tables.",
            TextSyntax.Optional, o => o.Database.Name, (o, v) => o with { Database = o.Database with { Name = v } }),
        Define("db_maxconn", ["--db_maxconn"], "Maximum database connections per process.",
            IntegerSyntax.Positive, o => o.Database.MaxConnections, (o, v) => o with { Database = o.Database with { MaxConnections = v } }),

        // Logging options
        Define("logfile", ["--logfile"], "Append the log to this file instead of standard error.",
            TextSyntax.OptionalPath, o => o.LogFile, (o, v) => o with { LogFile = v }),
        Define("log_level", ["--log-level"], "Log level preset.",
            ChoiceSyntax.LogLevel, o => o.LogLevel, (o, v) => o with { LogLevel = v }),
        Define("log_handler", ["--log-handler"], "PREFIX:LEVEL, e.g. werkzeug:WARNING; repeatable.",
            LogHandlerList, o => o.LogHandlers, (o, v) => o with { LogHandlers = v }, repeatable: true),

        // Multiprocessing options
        Define("workers", ["--workers"], "Number of HTTP worker processes; 0 serves on threads in one process, -1 runs a master without HTTP workers.",
            new IntegerSyntax(-1, int.MaxValue, "a whole number ≥ -1 (-1: a master without HTTP workers)"), o => o.Workers, (o, v) => o with { Workers = v }),
        Define("http_pending_connections", ["--http-pending-connections"],
            "Connections a prefork HTTP worker holds while their requests arrive (a slow client never holds the worker); 0 is Odoo's one connection at a time.",
            IntegerSyntax.NonNegative, o => o.HttpPendingConnections, (o, v) => o with { HttpPendingConnections = v }),
        Define("worker_connections", ["--worker-connections"],
            "Most connections one process holds; over it new ones are refused at once. 0 derives it from the open-files limit.",
            IntegerSyntax.NonNegative, o => o.WorkerConnections, (o, v) => o with { WorkerConnections = v }),
        Define("listen_backlog", ["--listen-backlog"],
            "Connections the kernel queues on each listening port before dropping new ones; 0 takes net.core.somaxconn, at most 2048.",
            IntegerSyntax.NonNegative, o => o.ListenBacklog, (o, v) => o with { ListenBacklog = v }),
        Define("max_cron_threads", ["--max-cron-threads"], "Number of cron threads (workers = 0) or cron worker processes.",
            IntegerSyntax.NonNegative, o => o.MaxCronThreads, (o, v) => o with { MaxCronThreads = v }),
        Define("limit_memory_soft", ["--limit-memory-soft"], "Resident memory (bytes) above which a worker is recycled after its request.",
            ByteSizeSyntax.Instance, o => o.Limits.MemorySoft, (o, v) => o with { Limits = o.Limits with { MemorySoft = v } }),
        Define("limit_memory_hard", ["--limit-memory-hard"], "Resident memory (bytes) a worker never grows past; it is stopped first.",
            ByteSizeSyntax.Instance, o => o.Limits.MemoryHard, (o, v) => o with { Limits = o.Limits with { MemoryHard = v } }),
        Define("limit_memory_soft_gevent", ["--limit-memory-soft-gevent"], "Soft memory limit of the longpolling worker; False uses limit_memory_soft.",
            OptionalSize, o => o.Limits.MemorySoftGevent, (o, v) => o with { Limits = o.Limits with { MemorySoftGevent = v } }),
        Define("limit_memory_hard_gevent", ["--limit-memory-hard-gevent"], "Hard memory limit of the longpolling worker; False uses limit_memory_hard.",
            OptionalSize, o => o.Limits.MemoryHardGevent, (o, v) => o with { Limits = o.Limits with { MemoryHardGevent = v } }),
        Define("limit_time_cpu", ["--limit-time-cpu"], "CPU seconds one request may use; 0 disables.",
            IntegerSyntax.NonNegative, o => o.Limits.TimeCpu, (o, v) => o with { Limits = o.Limits with { TimeCpu = v } }),
        Define("limit_time_real", ["--limit-time-real"], "Wall seconds one request may take; 0 disables.",
            IntegerSyntax.NonNegative, o => o.Limits.TimeReal, (o, v) => o with { Limits = o.Limits with { TimeReal = v } }),
        Define("limit_time_real_cron", ["--limit-time-real-cron"], "Wall seconds of one cron job; -1 uses limit_time_real, 0 means none.",
            new IntegerSyntax(-1, int.MaxValue), o => o.Limits.TimeRealCron, (o, v) => o with { Limits = o.Limits with { TimeRealCron = v } }),
        Define("limit_time_heartbeat_gevent", ["--limit-time-heartbeat-gevent"],
            "Seconds without a heartbeat after which the longpolling worker is killed and replaced (at least 5); 0 disables.",
            IntegerSyntax.NonNegative, o => o.Limits.TimeHeartbeatGevent, (o, v) => o with { Limits = o.Limits with { TimeHeartbeatGevent = v } }),
        Define("limit_time_worker_cron", ["--limit-time-worker-cron"], "Maximum age of a cron worker in seconds; 0 means none.",
            IntegerSyntax.NonNegative, o => o.Limits.TimeWorkerCron, (o, v) => o with { Limits = o.Limits with { TimeWorkerCron = v } }),
        Define("limit_request", ["--limit-request"], "Requests a worker serves before it is recycled (with jitter).",
            IntegerSyntax.Positive, o => o.Limits.Request, (o, v) => o with { Limits = o.Limits with { Request = v } }),
    ];

    private static readonly Dictionary<string, OptionDefinition> ByKey = BuildKeyIndex();

    /// <summary>Finds an option by its key or one of its file aliases.</summary>
    public static OptionDefinition? Find(string key) => ByKey.GetValueOrDefault(key);

    private static Dictionary<string, OptionDefinition> BuildKeyIndex()
    {
        var index = new Dictionary<string, OptionDefinition>(StringComparer.Ordinal);
        foreach (var option in All)
        {
            index.Add(option.Key, option);
            foreach (var alias in option.FileAliases)
            {
                index.Add(alias, option);
            }
        }
        return index;
    }

    private static OptionDefinition<T> Define<T>(
        string key, string[] flags, string description, ValueSyntax<T> syntax,
        Func<ServerOptions, T> get, Func<ServerOptions, T, ServerOptions> set,
        string[]? aliases = null, string? switchValue = null, bool repeatable = false, bool hidden = false, string? deprecation = null) =>
        new(key, flags, description, syntax, get, set)
        {
            FileAliases = aliases ?? [],
            SwitchValue = switchValue,
            Repeatable = repeatable,
            Hidden = hidden,
            DeprecationWarning = deprecation,
        };
}
