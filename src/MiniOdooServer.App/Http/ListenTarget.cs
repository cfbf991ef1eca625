using System.Net;

namespace MiniOdooServer.App.Http;

/// <summary>Where an HTTP application listens: an address Kestrel binds itself, or a socket already bound (by the master, or by the threaded server for itself).</summary>
public abstract record ListenTarget
{
    private ListenTarget()
    {
    }

    /// <summary>Let Kestrel bind this address (in-process tests).</summary>
    public sealed record Address(IPEndPoint EndPoint) : ListenTarget
    {
        public override string ToString() => EndPoint.ToString();
    }

    /// <summary>Adopt a listening socket already bound, as file descriptor <paramref name="Fd"/>, with mini-odoo's own accept loop.</summary>
    public sealed record InheritedSocket(int Fd, string Description) : ListenTarget
    {
        public override string ToString() => Description;
    }

    /// <summary>The address for Odoo's <c>http_interface</c> (empty: every IPv4 interface) and a port.</summary>
    public static IPEndPoint EndPointFor(string httpInterface, int port)
    {
        if (string.IsNullOrEmpty(httpInterface))
        {
            return new IPEndPoint(IPAddress.Any, port);
        }
        if (httpInterface == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }
        return new IPEndPoint(IPAddress.Parse(httpInterface), port);
    }
}
