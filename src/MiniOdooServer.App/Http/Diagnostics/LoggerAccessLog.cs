using Microsoft.Extensions.Logging;

namespace MiniOdooServer.App.Http.Diagnostics;

/// <summary>The access line as a <c>werkzeug</c> log event: for a process that gives no <see cref="IAccessLog"/> of its own (tests, in-process uses).</summary>
internal sealed class LoggerAccessLog(ILogger logger, TimeProvider time) : IAccessLog
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Information);

    public void Write(in AccessLogEntry entry) =>
        logger.LogInformation("{RequestLine}", WerkzeugRequestLine.Format(entry, time.GetUtcNow()));
}
