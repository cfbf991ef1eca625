using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// Clients that look like another machine while sending only to loopback: an HttpClient whose connections leave from
/// 127.0.0.2 (bound before connecting), for servers started with <c>--local-networks 127.0.0.1/32</c>; and raw
/// requests, for headers an HttpClient would not send as they are.
/// </summary>
internal static class RemoteClient
{
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.2");

    /// <summary>local_networks without 127.0.0.2: loopback's one address and ::1.</summary>
    public const string LocalNetworksWithout127002 = "127.0.0.1/32,::1/128";

    public static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(Address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Sends <paramref name="request"/> (CRLF line ends, headers as given) over one connection; returns the status code.</summary>
    public static async Task<int> SendRawAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var statusLine = await reader.ReadLineAsync() ?? "";
        var parts = statusLine.Split(' ');
        return parts.Length > 1 && int.TryParse(parts[1], out var status) ? status : throw new InvalidOperationException($"no status line: '{statusLine}'");
    }
}
