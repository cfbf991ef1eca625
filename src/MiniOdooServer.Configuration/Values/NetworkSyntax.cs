using System.Net;

namespace MiniOdooServer.Configuration.Values;

/// <summary>An IP network in CIDR notation (<c>10.0.0.0/8</c>, <c>fd00::/8</c>); a bare address is a network of one.</summary>
public sealed class NetworkSyntax : ValueSyntax<IPNetwork>
{
    public static readonly NetworkSyntax Instance = new();

    public override string Expected => "IP networks in CIDR notation (e.g. 127.0.0.0/8, ::1/128)";

    public override bool TryParse(string text, out IPNetwork value)
    {
        if (IPNetwork.TryParse(text, out value))
        {
            return true;
        }
        if (IPAddress.TryParse(text, out var address))
        {
            value = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }
        return false;
    }

    public override string Format(IPNetwork value) => value.ToString();
}
