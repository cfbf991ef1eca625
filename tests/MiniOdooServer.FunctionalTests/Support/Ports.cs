using System.Net;
using System.Net.Sockets;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>Free TCP ports on 127.0.0.1, handed out once each within a test run.</summary>
internal static class Ports
{
    private static readonly HashSet<int> Given = [];

    public static int Free()
    {
        lock (Given)
        {
            while (true)
            {
                using var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
