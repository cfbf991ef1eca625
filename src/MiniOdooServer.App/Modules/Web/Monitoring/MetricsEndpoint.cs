using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Monitoring;

namespace MiniOdooServer.App.Modules.Web.Monitoring;

/// <summary>
/// <c>GET /metrics</c>: the server's status in Prometheus text. Open to this machine, else to
/// <c>Authorization: Bearer &lt;admin_passwd&gt;</c> only (<see cref="StatusAccess"/>).
/// </summary>
internal static class MetricsEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        if (await StatusAccess.ReadAsync(context) is not { } status)
        {
            return;
        }
        context.Response.ContentType = PrometheusExposition.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        // Registered only where long-polls are served: an HTTP worker hands them over and has none.
        var waitingPolls = context.RequestServices.GetService<BusDispatcher>()?.WaitingPolls;
        await PrometheusExposition.WriteAsync(status, waitingPolls, context.Response.Body, context.RequestAborted);
    }
}
