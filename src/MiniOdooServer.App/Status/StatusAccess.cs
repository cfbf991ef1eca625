using System.Net;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Http;

namespace MiniOdooServer.App.Status;

/// <summary>
/// Who may see the status, the dashboard and /metrics: a client on this machine, or anyone with
/// <c>Authorization: Bearer &lt;admin_passwd&gt;</c>. "On this machine" is the client address as the server
/// trusts it: with proxy_mode, the forwarded address (the proxy's forwarded-headers step has already replaced the
/// peer address); without proxy_mode, the peer address — but a request still carrying X-Forwarded-For came through a
/// proxy, whose clients may be anywhere, so it needs the password even from loopback.
/// </summary>
internal static class StatusAccess
{
    public static bool IsAllowed(HttpContext context, string adminPassword) =>
        IsLocal(context) || AdminBearer.IsAuthorized(context.Request, adminPassword);

    public static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address) &&
        context.Request.Headers["X-Forwarded-For"].Count == 0 && context.Request.Headers["Forwarded"].Count == 0;
}
