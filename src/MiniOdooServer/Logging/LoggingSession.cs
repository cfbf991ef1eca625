using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http.Diagnostics;

namespace MiniOdooServer.Logging;

/// <summary>The process's logger and access log; disposing it writes out every queued line.</summary>
internal sealed class LoggingSession(Serilog.Core.Logger logger, ILoggerFactory factory, IAccessLog accessLog) : IDisposable
{
    public ILoggerFactory Factory { get; } = factory;

    /// <summary>The werkzeug request lines, written into the same buffer as the other lines (<see cref="OdooAccessLog"/>).</summary>
    public IAccessLog AccessLog { get; } = accessLog;

    public ILogger CreateLogger(string name) => Factory.CreateLogger(name);

    public void Dispose()
    {
        Factory.Dispose();
        logger.Dispose();
    }
}
