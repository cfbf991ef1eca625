using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Status;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules.Web.Status;

/// <summary>
/// <c>GET /web/server/status</c> (JSON), <c>GET /web/server/dashboard</c> (the page) and <c>GET /metrics</c>
/// (Prometheus text): the whole server as whichever process answers reads it. Open to this machine, else to
/// <c>Authorization: Bearer &lt;admin_passwd&gt;</c> only (<see cref="StatusAccess"/>).
/// </summary>
internal static class ServerStatusEndpoints
{
    public static async Task StatusAsync(HttpContext context)
    {
        if (await RefusedAsync(context) is not { } source || await ReadAsync(context, source) is not { } status)
        {
            return;
        }
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, status, ServerStatusJsonContext.Default.ServerStatus, context.RequestAborted);
    }

    public static async Task MetricsAsync(HttpContext context)
    {
        if (await RefusedAsync(context) is not { } source || await ReadAsync(context, source) is not { } status)
        {
            return;
        }
        context.Response.ContentType = PrometheusExposition.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        // Registered only where long-polls are served: an HTTP worker hands them over and has none.
        var waitingPolls = context.RequestServices.GetService<BusDispatcher>()?.WaitingPolls;
        await PrometheusExposition.WriteAsync(status, waitingPolls, context.Response.Body, context.RequestAborted);
    }

    public static async Task DashboardAsync(HttpContext context)
    {
        if (await RefusedAsync(context) is not null)
        {
            await DashboardPage.WriteAsync(context);
        }
    }

    /// <summary>
    /// The status, or null after answering 503 when it cannot be read in time (a process stopped in the middle of a
    /// write, e.g. the master under SIGSTOP or a debugger): a status request must not wait for it.
    /// </summary>
    private static async Task<ServerStatus?> ReadAsync(HttpContext context, IServerStatusSource source)
    {
        try
        {
            return source.Read();
        }
        catch (ServerStatusUnavailableException e)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.RetryAfter = "1";
            await JsonSerializer.SerializeAsync(
                context.Response.Body, new StatusError($"503 Service Unavailable: the server status cannot be read: {e.Message}"),
                ServerStatusJsonContext.Default.StatusError, context.RequestAborted);
            return null;
        }
    }

    /// <summary>The status source when the caller may see it; otherwise answers 403 (or 503 without a source) and returns null.</summary>
    private static async Task<IServerStatusSource?> RefusedAsync(HttpContext context)
    {
        if (!await StatusAccess.AdmitAsync(context))
        {
            return null;
        }
        if (context.RequestServices.GetRequiredService<HttpServerSettings>().Status is not { } status)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error": "this process keeps no status"}""", context.RequestAborted);
            return null;
        }
        return status;
    }
}
