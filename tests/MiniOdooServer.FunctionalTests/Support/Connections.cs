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
        var deadline = DateTime.UtcNow + within;
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
    public static async Task WaitUntilServingAsync(int port, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"nothing served /web/health on port {port} in time");
            }
            await Task.Delay(50);
        }
    }
}
