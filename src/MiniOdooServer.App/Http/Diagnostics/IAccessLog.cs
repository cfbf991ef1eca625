namespace MiniOdooServer.App.Http.Diagnostics;

/// <summary>
/// Where each request's werkzeug access line goes. The executable writes it straight into its log buffer (through a
/// logger the line cost more than the <c>/web/health</c> handler: bench/results/access-log); <see cref="LoggerAccessLog"/>
/// writes it through the process's <c>werkzeug</c> logger where no such writer is given. Called on the request path:
/// implementations must be cheap and must not throw.
/// </summary>
public interface IAccessLog
{
    /// <summary>Whether lines are written at all: the <c>werkzeug</c> logger enabled at INFO.</summary>
    bool IsEnabled { get; }

    void Write(in AccessLogEntry entry);
}
