using MiniOdooServer.Configuration.Options;
using Serilog.Events;

namespace MiniOdooServer.Logging;

/// <summary>
/// The level of every logger as Odoo sets it at start: its default configuration, then the <c>log_level</c>
/// pseudo-configuration, then each <c>log_handler</c> entry, a later entry for the same logger replacing an earlier one.
/// A logger without a level of its own takes its nearest ancestor's (Python's logger tree; Serilog's overrides match
/// the same way, the longest dotted prefix winning). mini-odoo's own defaults for ASP.NET Core's loggers come first,
/// so that any entry naming them wins.
/// </summary>
internal static class OdooLogLevels
{
    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Odoo's DEFAULT_LOG_CONFIGURATION: everything at INFO, its RPC loggers too whatever <c>odoo</c>'s level.</summary>
    private static readonly LogHandlerSpec[] OdooDefaults =
        [new("odoo.http.rpc.request", "INFO"), new("odoo.http.rpc.response", "INFO"), new("", "INFO")];

    /// <summary>Odoo's pseudo-configuration for one <c>log_level</c> (14–18); <c>info</c>, <c>test</c> and <c>notset</c> add nothing.</summary>
    internal static IReadOnlyList<LogHandlerSpec> PseudoConfiguration(string logLevel) => logLevel switch
    {
        "debug_rpc_answer" => [new("odoo", "DEBUG"), new("odoo.sql_db", "INFO"), new("odoo.http.rpc", "DEBUG")],
        "debug_rpc" => [new("odoo", "DEBUG"), new("odoo.sql_db", "INFO"), new("odoo.http.rpc.request", "DEBUG")],
        "debug" => [new("odoo", "DEBUG"), new("odoo.sql_db", "INFO")],
        "debug_sql" => [new("odoo.sql_db", "DEBUG")],
        "runbot" => [new("odoo", "RUNBOT"), new(LoggerNames.Requests, "WARNING")],
        "warn" => [new("odoo", "WARNING"), new(LoggerNames.Requests, "WARNING")],
        "error" => [new("odoo", "ERROR"), new(LoggerNames.Requests, "ERROR")],
        "critical" => [new("odoo", "CRITICAL"), new(LoggerNames.Requests, "CRITICAL")],
        _ => [],
    };

    /// <summary>Each logger given a level of its own, by name (<c>""</c>: the root, always present).</summary>
    internal static IReadOnlyDictionary<string, LogEventLevel> Resolve(ServerOptions options)
    {
        var levels = new Dictionary<string, LogEventLevel>(StringComparer.Ordinal)
        {
            // ASP.NET Core's own information lines would drown Odoo's; a handler can bring them back (Microsoft:INFO).
            ["Microsoft"] = LogEventLevel.Warning,
            // The host logs a failed start with its stack trace; mini-odoo says the same in one line of its own.
            ["Microsoft.Extensions.Hosting"] = LogEventLevel.Fatal,
        };
        // The hosting layer logs request lines (Information) and start failures, which mini-odoo reports itself. While
        // it may log at all, ASP.NET Core also builds an Activity for every request and keeps it as long as the request
        // lasts: for an idle long-poll or websocket, as long as it is connected. Off unless a handler asks for it.
        if (!options.LogHandlers.Any(handler => handler.Prefix.Length > 0 && Covers(handler.Prefix, HostingDiagnostics)))
        {
            levels[HostingDiagnostics] = LevelAlias.Off;
        }
        foreach (var entry in OdooDefaults.Concat(PseudoConfiguration(options.LogLevel)).Concat(options.LogHandlers))
        {
            if (ToSerilog(entry.Level) is { } level)
            {
                levels[entry.Prefix] = level;
            }
            else if (entry.Prefix.Length == 0)
            {
                levels[""] = LogEventLevel.Verbose; // NOTSET on the root: everything
            }
            else
            {
                levels.Remove(entry.Prefix); // NOTSET elsewhere: back to the ancestor's level
            }
        }
        return levels;
    }

    /// <summary>Whether a handler's prefix names <paramref name="category"/> or one of its ancestors, as Python's logger tree.</summary>
    private static bool Covers(string prefix, string category) =>
        category == prefix || category.StartsWith(prefix + ".", StringComparison.Ordinal);

    /// <summary>
    /// A Python level name as Serilog's level; null for NOTSET (no level of its own). RUNBOT (25, between INFO and
    /// WARNING) drops INFO lines and keeps warnings: mini-odoo logs nothing between them.
    /// </summary>
    internal static LogEventLevel? ToSerilog(string pythonLevel) => pythonLevel switch
    {
        "DEBUG" => LogEventLevel.Debug,
        "RUNBOT" or "WARNING" or "WARN" => LogEventLevel.Warning,
        "ERROR" => LogEventLevel.Error,
        "CRITICAL" or "FATAL" => LogEventLevel.Fatal,
        "NOTSET" => null,
        _ => LogEventLevel.Information,
    };
}
