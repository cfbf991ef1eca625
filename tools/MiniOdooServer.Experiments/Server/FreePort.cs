using System.Net;
using System.Net.Sockets;

namespace MiniOdooServer.Experiments.Server;

/// <summary>A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
