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

    /// <summary>Reads until the end of the headers and then the body; returns the status code and the body.</summary>
    public static async Task<(int Status, string Body)> ReadResponseAsync(Socket socket, CancellationToken cancellationToken)
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
            var text = Encoding.ASCII.GetString(buffer, 0, filled);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }
            var status = int.Parse(text.AsSpan(9, 3));
            var length = 0;
            var chunked = false;
            foreach (var line in text[..end].Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(line.AsSpan(15).Trim());
                }
                chunked |= line.StartsWith("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
            }
            if (chunked)
            {
                // The chunks are kept as they are (sizes included): the caller only looks for a word in the body.
                if (text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal))
                {
                    return (status, Encoding.UTF8.GetString(buffer, end + 4, filled - end - 4));
                }
            }
            else if (status == 101 || filled >= end + 4 + length)
            {
                return (status, Encoding.UTF8.GetString(buffer, end + 4, Math.Min(length, filled - end - 4)));
            }
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
    }
}
