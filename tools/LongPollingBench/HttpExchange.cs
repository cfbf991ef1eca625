using System.Buffers.Text;
using System.Net.Sockets;
using System.Text;

namespace LongPollingBench;

/// <summary>Minimal HTTP/1.1 over a raw socket: write a request, read one response (Content-Length or chunked body).</summary>
internal static class HttpExchange
{
    public static async Task WriteAsync(Socket socket, string head, string body, CancellationToken cancellationToken)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(head + "\r\n" + body).AsMemory(), SocketFlags.None, cancellationToken);
    }

    /// <summary>
    /// Reads until the end of the headers and then the body; returns the status code and the body. Parsed on the bytes,
    /// without a string per header: 10,000 answers arrive at once and the client shares the cores with the server.
    /// </summary>
    public static async Task<(int Status, byte[] Body)> ReadResponseAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var filled = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("connection closed before the response ended");
            }
            filled += read;
            if (TryParse(buffer.AsSpan(0, filled), out var status, out var body))
            {
                return (status, body.ToArray());
            }
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
    }

    /// <summary>True once <paramref name="received"/> holds a whole response.</summary>
    private static bool TryParse(ReadOnlySpan<byte> received, out int status, out ReadOnlySpan<byte> body)
    {
        status = 0;
        body = default;
        var end = received.IndexOf("\r\n\r\n"u8);
        if (end < 0 || !Utf8Parser.TryParse(received.Slice(9, 3), out status, out _))
        {
            return false;
        }
        var length = 0;
        var chunked = false;
        var headers = received[..end];
        while (!headers.IsEmpty)
        {
            var lineEnd = headers.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? headers : headers[..lineEnd];
            headers = lineEnd < 0 ? default : headers[(lineEnd + 2)..];
            if (StartsWithIgnoreCase(line, "Content-Length:"u8))
            {
                Utf8Parser.TryParse(line["Content-Length:".Length..].Trim((byte)' '), out length, out _);
            }
            chunked |= StartsWithIgnoreCase(line, "Transfer-Encoding: chunked"u8);
        }
        var rest = received[(end + 4)..];
        if (chunked)
        {
            // The chunks are kept as they are (sizes included): the caller only looks for a word in the body.
            body = rest;
            return rest.EndsWith("\r\n0\r\n\r\n"u8);
        }
        if (status != 101 && rest.Length < length)
        {
            return false;
        }
        body = rest[..Math.Min(length, rest.Length)];
        return true;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> line, ReadOnlySpan<byte> prefix) =>
        line.Length >= prefix.Length && Ascii.EqualsIgnoreCase(line[..prefix.Length], prefix);
}
