using System.Net;

namespace MiniOdooServer.App.Http;

/// <summary>Where an HTTP application listens: an address it binds itself, or a socket it inherited (already bound).</summary>
public abstract record ListenTarget
{
    private ListenTarget()
    {
    }

    /// <summary>Bind this address (threaded mode).</summary>
    public sealed record Address(IPEndPoint EndPoint) : ListenTarget
    {
        public override string ToString() => EndPoint.ToString();
    }

    /// <summary>Adopt a listening socket bound by another process and passed as file descriptor <paramref name="Fd"/>.</summary>
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
