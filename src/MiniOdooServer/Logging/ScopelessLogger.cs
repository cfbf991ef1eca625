using Microsoft.Extensions.Logging;

namespace MiniOdooServer.Logging;

/// <summary>A logger that writes through another and opens no scope (see <see cref="ScopelessLoggerFactory"/>).</summary>
internal sealed class ScopelessLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception, formatter);
}
