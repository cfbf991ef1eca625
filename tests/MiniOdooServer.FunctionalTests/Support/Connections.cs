using System.Net;
using System.Net.Sockets;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>Plain TCP and HTTP probes of a port on 127.0.0.1.</summary>
internal static class Connections
{
    /// <summary>True when a connection to the port is refused (nothing listens there).</summary>
    public static async Task<bool> IsRefusedAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }

    /// <summary>Polls until a connection to the port is refused; false if it still accepts at the deadline.</summary>
    public static async Task<bool> BecomesRefusedAsync(int port, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + Wait.Scaled(within);
        while (DateTime.UtcNow < deadline)
        {
            if (await IsRefusedAsync(port))
            {
                return true;
            }
            await Task.Delay(25);
        }
        return false;
    }

    /// <summary>Polls <c>/web/health</c> until it answers (for a server whose log goes to a file, not to the harness).</summary>
    public static Task WaitUntilServingAsync(int port, TimeSpan? within = null) =>
        Wait.UntilAsync(async () =>
        {
            try
            {
                using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/health");
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
        }, $"/web/health served on port {port}", within, Wait.HttpPoll);

    /// <summary>
    /// One GET over a raw connection, read to its end: the answer's text, or "" when the server closed the connection
    /// without one. HttpClient would silently retry such a request, hiding what the server did.
    /// </summary>
    public static async Task<string> RawGetAsync(int port, string path, TimeSpan timeout)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(timeout);
        await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), cts.Token);
        using var reader = new StreamReader(stream);
        try
        {
            return await reader.ReadToEndAsync(cts.Token);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
