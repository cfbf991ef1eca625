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
