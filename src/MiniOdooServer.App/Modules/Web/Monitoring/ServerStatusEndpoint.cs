using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Monitoring;

namespace MiniOdooServer.App.Modules.Web.Monitoring;

/// <summary>
/// <c>GET /web/server/status</c>: the whole server, as whichever process answers reads it, in JSON. Open to this
/// machine, else to <c>Authorization: Bearer &lt;admin_passwd&gt;</c> only (<see cref="StatusAccess"/>).
/// </summary>
internal static class ServerStatusEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        if (await StatusAccess.ReadAsync(context) is not { } status)
        {
            return;
        }
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, status, ServerStatusJsonContext.Default.ServerStatus, context.RequestAborted);
    }
}
