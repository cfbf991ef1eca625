using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Status;

/// <summary>
/// Who may see the status, the dashboard and /metrics: a client on this machine, or anyone with
/// <c>Authorization: Bearer &lt;admin_passwd&gt;</c>. "On this machine" is the client address as the server
/// trusts it: with proxy_mode, the forwarded address (the proxy's forwarded-headers step has already replaced the
/// peer address); without proxy_mode, the peer address — but a request still carrying X-Forwarded-For came through a
/// proxy, whose clients may be anywhere, so it needs the password even from loopback.
/// </summary>
public static class StatusAccess
{
    public static bool IsAllowed(HttpContext context, string adminPassword) =>
        IsLocal(context) || HasAdminBearer(context.Request, adminPassword);

    public static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address) &&
        context.Request.Headers["X-Forwarded-For"].Count == 0 && context.Request.Headers["Forwarded"].Count == 0;

    /// <summary>Compares in constant time, so that the answer's timing does not reveal the password.</summary>
    public static bool HasAdminBearer(HttpRequest request, string adminPassword)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(adminPassword));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
