using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MiniOdooServer.App.Security;

/// <summary>
/// The token that opens a private channel: <c>base64url(HMAC-SHA256(key, UTF-8(channel)))</c> without padding (43
/// characters), with the server's <see cref="ChannelSecret"/> as key. Stateless: any process checks it, and a token
/// stays good until the secret changes.
/// </summary>
internal sealed class ChannelTokens(byte[] key)
{
    public string Issue(string channel) => Base64Url.EncodeToString(Mac(channel));

    /// <summary>Compared in constant time, so the answer's timing does not reveal how much of a guess was right.</summary>
    public bool IsValid(string channel, string? token)
    {
        if (token is null || token.Length != 43)
        {
            return false;
        }
        Span<byte> given = stackalloc byte[32];
        return Base64Url.TryDecodeFromChars(token, given, out var written) && written == 32 &&
               CryptographicOperations.FixedTimeEquals(given, Mac(channel));
    }

    private byte[] Mac(string channel) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(channel));
}
