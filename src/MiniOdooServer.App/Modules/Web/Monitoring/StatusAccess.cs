using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Monitoring;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.App.Modules.Web.Monitoring;

/// <summary>
/// Who may see the status, the dashboard and /metrics: a client of <c>local_networks</c> (this machine by default, see
/// <see cref="LocalNetworks"/> for what a proxy changes), or anyone <see cref="AdminGuard"/> lets in with
/// <c>Authorization: Bearer &lt;admin_passwd&gt;</c>; and what they get when this process keeps no status or cannot
/// read it in time.
/// </summary>
internal static class StatusAccess
{
    /// <summary>The status source when the caller may see it; otherwise answers 403 (or 503 without a source) and returns null.</summary>
    public static async Task<IServerStatusSource?> AdmitAsync(HttpContext context)
    {
        if (!await context.RequestServices.GetRequiredService<AdminGuard>()
                .AdmitUnlessLocalAsync(context, "the server status (open to local_networks without a password)"))
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

    /// <summary>
    /// The status when the caller may see it, or null after answering: 403, or 503 when it cannot be read in time (a
    /// process stopped in the middle of a write, e.g. the master under SIGSTOP or a debugger): a status request must
    /// not wait for it.
    /// </summary>
    public static async Task<ServerStatus?> ReadAsync(HttpContext context)
    {
        if (await AdmitAsync(context) is not { } source)
        {
            return null;
        }
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
}
