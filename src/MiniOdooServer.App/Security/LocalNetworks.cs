using System.Net;
using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Security;

/// <summary>
/// The one place that decides whether a client is on this machine (<c>local_networks</c>, loopback by default). The
/// address is the one the server trusts: with proxy_mode the forwarded one (the forwarded-headers step has replaced
/// the peer address), without it the peer's — but a request still carrying X-Forwarded-For or Forwarded came through a
/// proxy whose clients may be anywhere, so it is not local even from loopback.
/// </summary>
internal sealed class LocalNetworks(IReadOnlyList<IPNetwork> networks)
{
    public IReadOnlyList<IPNetwork> Networks { get; } = networks;

    public bool Contains(IPAddress address)
    {
        // A dual-stack socket shows an IPv4 client as ::ffff:a.b.c.d.
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in Networks)
        {
            if (network.Contains(normalized))
            {
                return true;
            }
        }
        return false;
    }

    public bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && Contains(address) &&
        context.Request.Headers["X-Forwarded-For"].Count == 0 && context.Request.Headers["Forwarded"].Count == 0;

    public override string ToString() => string.Join(",", Networks);
}
