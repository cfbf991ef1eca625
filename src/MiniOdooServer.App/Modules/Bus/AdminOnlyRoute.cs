using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>The guard of the plain JSON routes only the admin may call: publishing on the bus, triggering a cron job, issuing channel tokens.</summary>
internal static class AdminOnlyRoute
{
    /// <summary>
    /// True when the request carries <c>Authorization: Bearer &lt;admin_passwd&gt;</c> and may use it from where it
    /// comes (<see cref="AdminGuard"/>); otherwise answers 403 (or 429) saying that <paramref name="action"/> needs it,
    /// and returns false.
    /// </summary>
    public static Task<bool> AdmitAsync(HttpContext context, string action) =>
        context.RequestServices.GetRequiredService<AdminGuard>().AdmitAsync(context, action);

    /// <summary>
    /// <see cref="AdmitAsync"/>, then the JSON object body (dispose it); null after answering the refusal or the 400 of a
    /// bad body.
    /// </summary>
    public static async Task<JsonDocument?> AdmitWithBodyAsync(HttpContext context, string action)
    {
        if (!await AdmitAsync(context, action))
        {
            return null;
        }
        var (document, error) = await JsonBody.ReadObjectAsync(context);
        if (document is null)
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, error!);
        }
        return document;
    }
}
