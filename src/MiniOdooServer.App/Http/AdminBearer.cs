using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Http;

/// <summary><c>Authorization: Bearer &lt;admin_passwd&gt;</c>, the guard of publishing and cron triggers.</summary>
internal static class AdminBearer
{
    /// <summary>Compares in constant time, so that the answer's timing does not reveal the password.</summary>
    public static bool IsAuthorized(HttpRequest request, string adminPassword)
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
