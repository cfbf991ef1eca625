using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.Roles;

/// <summary>The one start-up warning of a server open to the network with the default or an empty admin_passwd.</summary>
public sealed class StartupReportTests
{
    [Theory]
    [InlineData("", "admin")]
    [InlineData("0.0.0.0", "admin")]
    [InlineData("192.0.2.10", "admin")]
    [InlineData("", "")]
    public void AServerBeyondLoopbackWithTheDefaultOrNoPasswordIsWarned(string httpInterface, string password)
    {
        var warning = StartupReport.OpenDefaultsWarning(new ServerOptions { HttpInterface = httpInterface, AdminPassword = password });

        Assert.NotNull(warning);
        Assert.Contains("admin_passwd", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "admin")]
    [InlineData("::1", "")]
    [InlineData("", "s3cret")]
    public void OtherwiseNothingIsSaid(string httpInterface, string password) =>
        Assert.Null(StartupReport.OpenDefaultsWarning(new ServerOptions { HttpInterface = httpInterface, AdminPassword = password }));

    [Fact]
    public void ACronOnlyNodeListensNowhere() =>
        Assert.Null(StartupReport.OpenDefaultsWarning(new ServerOptions { HttpEnable = false }));
}
