using System.Net;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// What <c>http_interface</c> may hold. Odoo hands the text to bind(), which resolves host names too; mini-odoo binds
/// an <see cref="IPAddress"/>, so it takes an IP address, <c>localhost</c> (the loopback address, as bind() reads it),
/// or nothing (every IPv4 interface) — and refuses anything else before binding instead of failing in it.
/// </summary>
public static class HttpInterfaceAddress
{
    public const string Expected = "an IPv4 address such as 127.0.0.1, an IPv6 address such as ::1, localhost, or empty for every IPv4 interface";

    public static bool IsValid(string httpInterface)
    {
        if (httpInterface is "" or "localhost")
        {
            return true;
        }
        if (!IPAddress.TryParse(httpInterface, out var address))
        {
            return false;
        }
        // IPAddress also reads inet_aton's short forms ("10" is 0.0.0.10, "127.1" is 127.0.0.1): a port number or a
        // truncated address written by mistake would bind somewhere unexpected, so IPv4 must have its four parts.
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || httpInterface.Split('.').Length == 4;
    }
}
