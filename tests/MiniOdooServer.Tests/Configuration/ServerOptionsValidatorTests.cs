using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.Configuration;

/// <summary>Issue 13, point 5: settings that used to start a broken server, or a failing one, are caught at load.</summary>
public sealed class ServerOptionsValidatorTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData("999.1.1.1")]
    [InlineData("my-host.example")]
    [InlineData("127.1")]
    [InlineData("8069")]
    [InlineData("1.2.3.4.5")]
    public void AnInterfaceThatIsNotAnIpAddressIsRefusedNamingIt(string text)
    {
        var problem = Assert.Single(_harness.Problems("--http-interface", text));

        Assert.Equal($"http_interface = {text} is not an IP address: expected {HttpInterfaceAddress.Expected}", problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    public void AnIpAddressLocalhostOrNothingIsAnInterface(string text)
    {
        var options = _harness.Load("--http-interface", text).Options;

        Assert.Equal(text, options.HttpInterface);
    }

    [Fact]
    public void AnInterfaceInTheFileIsCheckedToo()
    {
        var path = _harness.WriteFile("odoo.conf", "[options]\nhttp_interface = 999.1.1.1\n");

        var problem = Assert.Single(_harness.Problems("-c", path));

        Assert.StartsWith("http_interface = 999.1.1.1 is not an IP address", problem);
    }

    [Fact]
    public void ADatabaseHostWithoutADatabaseNameIsWarnedNamingBoth()
    {
        // Common in Odoo files: Odoo then serves every database of the host.
        var warning = Assert.Single(_harness.Load("--db_host", "db.internal").Warnings);

        Assert.StartsWith("db_host = db.internal is set without db_name: the bus and cron tables stay in SQLite", warning);
    }

    [Theory]
    [InlineData("--db_host", "db.internal", "--database", "odoo")]
    [InlineData("--db_host", "False")]
    [InlineData("--database", "odoo")]
    public void ADatabaseHostWithANameOrNoHostLoads(params string[] args)
    {
        var exception = Record.Exception(() => _harness.Load(args));

        Assert.Null(exception);
    }

    [Fact]
    public void ASoftLimitBelowWhatAWorkerNeedsIsAWarningWithTheFigure()
    {
        var loaded = _harness.Load("--workers", "2", "--limit-memory-soft", "32M");

        var warning = Assert.Single(loaded.Warnings);
        Assert.StartsWith("limit_memory_soft = 33554432 is below what a worker needs: about 64 MiB (67108864 bytes", warning);
        Assert.Equal(32 * LimitOptions.MiB, loaded.Options.Limits.MemorySoft);
    }

    [Fact]
    public void ALongpollingSoftLimitBelowWhatAWorkerNeedsIsAWarningToo()
    {
        var loaded = _harness.Load("--workers", "2", "--limit-memory-soft-gevent", "16M");

        Assert.StartsWith("limit_memory_soft_gevent = 16777216 is below what a worker needs", Assert.Single(loaded.Warnings));
    }

    [Theory]
    [InlineData("--workers", "2", "--limit-memory-soft", "64M")]
    [InlineData("--workers", "0", "--limit-memory-soft", "32M")]
    public void ASoftLimitAtTheNeedOrInThreadedModeSaysNothing(params string[] args)
    {
        Assert.Empty(_harness.Load(args).Warnings);
    }
}
