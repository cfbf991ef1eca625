using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.Configuration;

/// <summary>The realtime options: Odoo's websocket_* keys and defaults, and mini-odoo's hand-over and retention.</summary>
public sealed class BusOptionsTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void DefaultsAreOdoos()
    {
        var bus = _harness.Load().Options.Bus;

        Assert.True(bus.Handover);
        Assert.Equal(3600, bus.KeepAliveTimeout);
        Assert.Equal(10, bus.RateLimitBurst);
        Assert.Equal(0.2, bus.RateLimitDelay);
        Assert.Equal(86400, bus.GcRetentionSeconds);
    }

    [Fact]
    public void AFileAndFlagsSetThem()
    {
        var path = _harness.WriteFile("server.conf",
            "[options]\nwebsocket_rate_limit_delay = 0.5\nwebsocket_keep_alive_timeout = 60\nlongpolling_handover = False\n");

        var bus = _harness.Load("-c", path, "--websocket-rate-limit-burst", "3").Options.Bus;

        Assert.Equal(new BusOptions { RateLimitDelay = 0.5, KeepAliveTimeout = 60, Handover = false, RateLimitBurst = 3 }, bus);
    }

    [Fact]
    public void PrivateChannelsAndTheirSecretAreRead()
    {
        var path = _harness.WriteFile("server.conf", "[options]\nbus_private_channels = private.*, hr.payroll\nbus_channel_secret = s3cret\n");

        var bus = _harness.Load("-c", path).Options.Bus;

        Assert.Equal(["private.*", "hr.payroll"], bus.PrivateChannels);
        Assert.Equal("s3cret", bus.ChannelSecret);
        Assert.Empty(_harness.Load().Options.Bus.PrivateChannels);
        Assert.Null(_harness.Load().Options.Bus.ChannelSecret);
    }

    [Theory]
    [InlineData("a*b")]
    [InlineData("two words")]
    public void ABadChannelPatternIsAProblem(string pattern) =>
        Assert.Contains("--bus-private-channels", Assert.Single(_harness.Problems("--bus-private-channels", pattern)), StringComparison.Ordinal);

    [Fact]
    public void LocalNetworksDefaultToLoopbackAndAreConfigurable()
    {
        Assert.Equal(["127.0.0.0/8", "::1/128"], _harness.Load().Options.LocalNetworks.Select(n => n.ToString()));
        Assert.Equal(["127.0.0.1/32", "10.0.0.0/8", "::1/128"],
            _harness.Load("--local-networks", "127.0.0.1, 10.0.0.0/8,::1").Options.LocalNetworks.Select(n => n.ToString()));
        Assert.Contains("CIDR", Assert.Single(_harness.Problems("--local-networks", "10.0.0.0/33")), StringComparison.Ordinal);
    }

    [Fact]
    public void ABadValueIsAProblemNamingTheOption()
    {
        var problem = Assert.Single(_harness.Problems("--websocket-rate-limit-delay", "fast"));

        Assert.Contains("--websocket-rate-limit-delay fast", problem, StringComparison.Ordinal);
        Assert.Contains("number of seconds", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void BusLoadsWithWebAsOdoosWebDependsOnIt()
    {
        Assert.Contains(MiniOdooServer.App.Modules.RouteModuleCatalog.Select(new ServerOptions()).Loaded, m => m.Name == "bus");
        Assert.DoesNotContain(MiniOdooServer.App.Modules.RouteModuleCatalog.Select(new ServerOptions { ServerWideModules = ["base"] }).Loaded, m => m.Name == "bus");
        Assert.Empty(MiniOdooServer.App.Modules.RouteModuleCatalog.Select(new ServerOptions { ServerWideModules = ["base", "bus"] }).Unknown);
    }
}
