using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Native;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace MiniOdooServer.Logging;

/// <summary>
/// Serilog from <c>log_level</c>, <c>log_handler</c> and <c>logfile</c>, exposed as an <see cref="ILoggerFactory"/>.
/// Lines are formatted where they are logged and written out together every <see cref="WriteInterval"/>.
/// </summary>
internal static class LoggingSetup
{
    // Short enough that a line reaches the log while a person watches; long enough to write many lines at once.
    private static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(50);

    public static LoggingSession Create(ServerOptions options)
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Information();
        ApplyLevels(configuration.MinimumLevel, options);
        var destination = options.LogFile is { } path ? OpenLogFile(path) : Console.OpenStandardError();
        configuration.WriteTo.Sink(new IntervalLineWriterSink(destination, new OdooLogFormatter(), WriteInterval));
        var logger = configuration.CreateLogger();
        return new LoggingSession(logger, new ScopelessLoggerFactory(new SerilogLoggerFactory(logger, dispose: false)));
    }

    /// <summary>
    /// Odoo's <c>log_level</c> presets set the level of Odoo's own loggers and werkzeug's; <c>log_handler</c> entries
    /// come after them and win, <c>:LEVEL</c> setting the default.
    /// </summary>
    internal static void ApplyLevels(LoggerMinimumLevelConfiguration minimum, ServerOptions options)
    {
        // ASP.NET Core's own information lines would drown Odoo's; a handler can bring them back (Microsoft:INFO).
        minimum.Override("Microsoft", LogEventLevel.Warning);
        // The host logs a failed start with its stack trace; mini-odoo says the same in one line of its own.
        minimum.Override("Microsoft.Extensions.Hosting", LogEventLevel.Fatal);
        // The hosting layer logs request lines (Information) and start failures, which mini-odoo reports itself. While
        // it may log at all, ASP.NET Core also builds an Activity for every request and keeps it as long as the request
        // lasts: for an idle long-poll or websocket, as long as it is connected. Off unless a handler asks for it.
        if (!options.LogHandlers.Any(handler => handler.Prefix.Length > 0 && Covers(handler.Prefix, HostingDiagnostics)))
        {
            minimum.Override(HostingDiagnostics, LevelAlias.Off);
        }
        var preset = PresetLevel(options.LogLevel);
        minimum.Override("odoo", preset);
        minimum.Override("werkzeug", preset);
        foreach (var handler in options.LogHandlers)
        {
            var level = ToSerilog(handler.Level);
            if (handler.Prefix.Length == 0)
            {
                minimum.Is(level);
            }
            else
            {
                minimum.Override(handler.Prefix, level);
            }
        }
    }

    private const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Whether a handler's prefix names <paramref name="category"/> or one of its ancestors, as Python's logger tree.</summary>
    private static bool Covers(string prefix, string category) =>
        category == prefix || category.StartsWith(prefix + ".", StringComparison.Ordinal);

    internal static LogEventLevel PresetLevel(string logLevel) => logLevel switch
    {
        "debug" or "debug_rpc" or "debug_sql" or "debug_rpc_answer" => LogEventLevel.Debug,
        "warn" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "critical" => LogEventLevel.Fatal,
        "notset" => LogEventLevel.Verbose,
        _ => LogEventLevel.Information,
    };

    internal static LogEventLevel ToSerilog(string pythonLevel) => pythonLevel switch
    {
        "DEBUG" => LogEventLevel.Debug,
        "WARNING" or "WARN" => LogEventLevel.Warning,
        "ERROR" => LogEventLevel.Error,
        "CRITICAL" => LogEventLevel.Fatal,
        "NOTSET" => LogEventLevel.Verbose,
        _ => LogEventLevel.Information,
    };

    private static Stream OpenLogFile(string path)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            return new FileStream(AppendOnlyFile.Open(path), FileAccess.Write, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Odoo's behaviour: say so once and keep logging, to standard error.
            Console.Error.WriteLine($"ERROR: couldn't create the logfile directory. Logging to the standard output. ({e.Message})");
            return Console.OpenStandardError();
        }
    }
}
