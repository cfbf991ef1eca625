using MiniOdooServer.App.Modules;
using MiniOdooServer.App.Modules.Bench;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.App.Bench;

public sealed class BenchAdmissionTests
{
    private static readonly ServerOptions WithBench = new() { ServerWideModules = ["base", "web", "bench"] };

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::1")]
    public void LoadsOnLoopbackEvenWithTheDefaultPassword(string httpInterface)
    {
        var selection = RouteModuleCatalog.Select(WithBench with { HttpInterface = httpInterface });

        Assert.Contains(selection.Loaded, m => m.Name == "bench");
        Assert.Empty(selection.Refusals);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0.0.0.0")]
    [InlineData("192.0.2.10")]
    public void IsRefusedOnOtherInterfacesWithTheDefaultPassword(string httpInterface)
    {
        var selection = RouteModuleCatalog.Select(WithBench with { HttpInterface = httpInterface });

        Assert.DoesNotContain(selection.Loaded, m => m.Name == "bench");
        Assert.Contains(selection.Loaded, m => m.Name == "web");
        var refusal = Assert.Single(selection.Refusals);
        Assert.Contains("admin_passwd", refusal);
        Assert.Contains("bench", refusal);
    }

    [Fact]
    public void SaysAllInterfacesWhenTheInterfaceIsEmpty()
    {
        Assert.Contains("all interfaces", BenchAdmission.RefusalReason(WithBench with { HttpInterface = "" }));
    }

    [Fact]
    public void LoadsOnAnyInterfaceOnceThePasswordIsChanged()
    {
        var selection = RouteModuleCatalog.Select(WithBench with { HttpInterface = "", AdminPassword = "s3cret" });

        Assert.Contains(selection.Loaded, m => m.Name == "bench");
        Assert.Empty(selection.Refusals);
    }

    [Fact]
    public void IsNotLoadedUnlessListed()
    {
        var selection = RouteModuleCatalog.Select(new ServerOptions { HttpInterface = "127.0.0.1" });

        Assert.DoesNotContain(selection.Loaded, m => m.Name == "bench");
        Assert.Empty(selection.Refusals);
        Assert.Empty(selection.Unknown);
    }
}
