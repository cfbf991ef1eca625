using System.Net;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Security;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.App.Security;

public sealed class LocalNetworksTests
{
    private static readonly LocalNetworks Default = new(ServerOptions.DefaultLocalNetworks);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")] // an IPv4 client on a dual-stack socket
    public void LoopbackIsLocalByDefault(string address) => Assert.True(Default.Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.20")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:10.0.0.5")]
    public void OtherAddressesAreNot(string address) => Assert.False(Default.Contains(IPAddress.Parse(address)));

    [Fact]
    public void TheSetIsConfigurable()
    {
        var networks = new LocalNetworks([IPNetwork.Parse("127.0.0.1/32"), IPNetwork.Parse("10.1.0.0/16")]);

        Assert.True(networks.Contains(IPAddress.Parse("127.0.0.1")));
        Assert.False(networks.Contains(IPAddress.Parse("127.0.0.2")));
        Assert.True(networks.Contains(IPAddress.Parse("10.1.200.3")));
        Assert.False(networks.Contains(IPAddress.Parse("::1")));
    }

    [Fact]
    public void ARequestThatCameThroughAProxyIsNotLocal()
    {
        // Without proxy_mode, a reverse proxy on this machine makes every client look local: its header says otherwise.
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        Assert.True(Default.IsLocal(context));
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        Assert.False(Default.IsLocal(context));
    }
}
