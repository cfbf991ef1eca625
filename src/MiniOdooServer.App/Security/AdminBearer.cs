using System.Security.Cryptography;
using System.Text;

namespace MiniOdooServer.App.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;admin_passwd&gt;</c>, read exactly: the scheme <c>Bearer</c> (case-insensitive, as RFC 7235
/// §2.1 makes auth-schemes), exactly one space, then the token as sent — nothing trimmed, not empty, no whitespace or
/// control character in it. A lenient reading once let <c>Bearer \v</c> match an empty password, because the runtime
/// trims control characters from the end of a string.
/// </summary>
internal static class AdminBearer
{
    private const string Scheme = "Bearer";

    /// <summary>The token of a well-formed bearer header, or null.</summary>
    public static string? ReadToken(IReadOnlyList<string?> headerValues)
    {
        if (headerValues.Count != 1 || headerValues[0] is not { } header)
        {
            return null; // no header, or several: which one would count?
        }
        if (header.Length <= Scheme.Length + 1 || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header[Scheme.Length] != ' ')
        {
            return null;
        }
        var token = header[(Scheme.Length + 1)..];
        foreach (var c in token)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return null;
            }
        }
        return token;
    }

    /// <summary>
    /// Whether <paramref name="token"/> is <paramref name="password"/>, compared as SHA-256 digests in constant time, so
    /// that neither the answer's timing nor the password's length shows through. An empty password matches nothing.
    /// </summary>
    public static bool Matches(string? token, string password)
    {
        if (token is null || password.Length == 0)
        {
            return false;
        }
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
