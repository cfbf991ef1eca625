using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace MiniOdooServer.Logging;

/// <summary>
/// Serilog from <c>log_level</c>, <c>log_handler</c> and <c>logfile</c>, exposed as an <see cref="ILoggerFactory"/>, and
/// the access log beside it on the same buffer. Lines are formatted where they are logged and written out together
/// every <see cref="WriteInterval"/>, or each at once in a prefork master: it logs rarely, and what it logs before it
/// starts a worker must reach the shared output before anything that worker writes.
/// </summary>
internal static class LoggingSetup
{
    // Short enough that a line reaches the log while a person watches; long enough to write many lines at once.
    private static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(50);

    public static LoggingSession Create(ServerOptions options, bool eachLineAtOnce) =>
        Create(options, options.LogFile is { } path ? OpenLogFile(path) : Console.OpenStandardError(), TimeProvider.System,
            eachLineAtOnce);

    /// <summary>The same over a given destination and clock (internal for testing).</summary>
    internal static LoggingSession Create(ServerOptions options, Stream destination, TimeProvider time, bool eachLineAtOnce = false)
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Information();
        ApplyLevels(configuration.MinimumLevel, options);
        var sink = new IntervalLineWriterSink(destination, new OdooLogFormatter(), eachLineAtOnce ? TimeSpan.Zero : WriteInterval);
        configuration.WriteTo.Sink(sink);
        var logger = configuration.CreateLogger();
        // Asked of Serilog itself, so that the access lines follow exactly the levels every other werkzeug line does.
        var requests = logger.ForContext(Constants.SourceContextPropertyName, LoggerNames.Requests).IsEnabled(LogEventLevel.Information);
        return new LoggingSession(logger, new ScopelessLoggerFactory(new SerilogLoggerFactory(logger, dispose: false)),
            new OdooAccessLog(sink, requests, time));
    }

    /// <summary>Sets Serilog's levels to <see cref="OdooLogLevels.Resolve"/>'s: the root's as the minimum, every other as an override.</summary>
    internal static void ApplyLevels(LoggerMinimumLevelConfiguration minimum, ServerOptions options)
    {
        foreach (var (name, level) in OdooLogLevels.Resolve(options))
        {
            if (name.Length == 0)
            {
                minimum.Is(level);
            }
            else
            {
                minimum.Override(name, level);
            }
        }
    }

    private static Stream OpenLogFile(string path)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            return new WatchedLogFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Odoo's behaviour: say so once and keep logging, to standard error.
            Console.Error.WriteLine($"ERROR: couldn't create the logfile directory. Logging to the standard output. ({e.Message})");
            return Console.OpenStandardError();
        }
    }
}
