using Microsoft.Extensions.Logging;

namespace MiniOdooServer.Logging;

/// <summary>The process's logger; disposing it writes out every queued line.</summary>
internal sealed class LoggingSession(Serilog.Core.Logger logger, ILoggerFactory factory) : IDisposable
{
    public ILoggerFactory Factory { get; } = factory;

    public ILogger CreateLogger(string name) => Factory.CreateLogger(name);

    public void Dispose()
    {
        Factory.Dispose();
        logger.Dispose();
    }
}
