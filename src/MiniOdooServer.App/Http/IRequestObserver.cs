using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Http;

/// <summary>
/// What the process around the application wants to know of each request (a prefork worker: heartbeat, limits).
/// Called on the request path: implementations must be cheap and must not throw.
/// </summary>
public interface IRequestObserver
{
    void RequestStarted(HttpContext context);

    void RequestFinished(HttpContext context);
}
