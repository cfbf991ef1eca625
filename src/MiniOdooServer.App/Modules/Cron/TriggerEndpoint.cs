using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Cron;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Modules.Bus;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules.Cron;

/// <summary>
/// <c>POST /cron/trigger/&lt;name&gt;</c> with <c>Authorization: Bearer &lt;admin_passwd&gt;</c>: the job is due now and
/// every cron runner (every process, every machine of a PostgreSQL store) is woken — Odoo's <c>_trigger</c>. 403
/// without the password, 404 for a job this server's configuration does not declare, 409 for an inactive one.
/// Answers <c>{"job": name, "triggered": true}</c> once the store holds it.
/// </summary>
internal static class TriggerEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        if (!await AdminOnlyRoute.AdmitAsync(context, "triggering a cron job"))
        {
            return;
        }
        var options = context.RequestServices.GetRequiredService<ServerOptions>();
        var name = context.Request.RouteValues["name"] as string ?? "";
        var job = options.CronJobs.FirstOrDefault(j => j.Name == name);
        if (job is null)
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status404NotFound,
                OdooError.NotFound($"no cron job '{name}' in this server's configuration"));
            return;
        }
        if (!job.Active)
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status409Conflict, new OdooError(
                "werkzeug.exceptions.Conflict", $"409 Conflict: cron job '{name}' is not active", Code: 409, Title: "409: Conflict"));
            return;
        }
        var store = context.RequestServices.GetRequiredService<ICronStore>();
        try
        {
            await store.TriggerAsync(name, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), context.RequestAborted);
        }
        catch (CronStoreUnavailableException e)
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status503ServiceUnavailable, OdooError.Exception(e.Message));
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"job": "{{name}}", "triggered": true}""", context.RequestAborted);
    }
}
