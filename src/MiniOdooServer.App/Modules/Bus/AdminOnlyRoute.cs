using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>The guard of the plain JSON routes only the admin may call: publishing on the bus, triggering a cron job.</summary>
internal static class AdminOnlyRoute
{
    /// <summary>
    /// True when the request carries <c>Authorization: Bearer &lt;admin_passwd&gt;</c>; otherwise answers 403 saying
    /// that <paramref name="action"/> needs it, and returns false.
    /// </summary>
    public static async Task<bool> AdmitAsync(HttpContext context, string action)
    {
        var options = context.RequestServices.GetRequiredService<ServerOptions>();
        if (AdminBearer.IsAuthorized(context.Request, options.AdminPassword))
        {
            return true;
        }
        await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status403Forbidden, OdooError.AdminOnly(action));
        return false;
    }
}
