using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.App.Status;

/// <summary>
/// Who may see the status, the dashboard and /metrics: a client of <c>local_networks</c> (this machine by default, see
/// <see cref="LocalNetworks"/> for what a proxy changes), or anyone <see cref="AdminGuard"/> lets in with
/// <c>Authorization: Bearer &lt;admin_passwd&gt;</c>.
/// </summary>
internal static class StatusAccess
{
    /// <summary>True when the caller may look; otherwise answers 403 (or 429) and returns false.</summary>
    public static Task<bool> AdmitAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<AdminGuard>().AdmitUnlessLocalAsync(context, "the server status (open to local_networks without a password)");
}
