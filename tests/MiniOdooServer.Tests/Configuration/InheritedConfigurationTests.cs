using System.Text;
using MiniOdooServer.Configuration.Loading;

namespace MiniOdooServer.Tests.Configuration;

/// <summary>A worker loads the file its master read, not the file as it is now.</summary>
public sealed class InheritedConfigurationTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    private LoadedConfiguration Load(InheritedConfiguration inherited, params string[] args) =>
        ServerOptionsLoader.Load(new CommandLineSyntax().Parse(args), name => _harness.Environment.GetValueOrDefault(name), _harness.Home, inherited);

    private static InheritedConfiguration Inherited(string? file, params (string Key, string Text)[] settings) =>
        new(file is null ? null : Encoding.UTF8.GetBytes(file),
            settings.Select(s => new SettingValue(s.Key, s.Text, InheritedConfiguration.MasterOrigin)).ToArray());

    [Fact]
    public void TheBytesTheMasterReadWinOverTheFileOnDisk()
    {
        var path = _harness.WriteFile("server.conf", "[options]\nworkers = many\n");

        var loaded = Load(Inherited("[options]\nworkers = 3\nlimit_request = 7\n"), "-c", path, "--limit-request", "9");

        Assert.Equal((3, 9), (loaded.Options.Workers, loaded.Options.Limits.Request));
        Assert.Equal(path, loaded.Options.ConfigFile);
    }

    [Fact]
    public void NoFileAtTheMasterMeansNoFileEvenIfOneAppearedSince()
    {
        _harness.WriteFile("home/.odoorc", "[options]\nworkers = 5\n");

        Assert.Equal(0, Load(Inherited(null)).Options.Workers);
        Assert.Equal(5, _harness.Load().Options.Workers);
    }

    [Fact]
    public void TheMastersSettingsWinOverTheFileAndTheCommandLine()
    {
        var loaded = Load(Inherited("[options]\nhttp_port = 9069\n", ("http_port", "8069"), ("http_interface", "127.0.0.1")), "--http-port", "7069");

        Assert.Equal((8069, "127.0.0.1"), (loaded.Options.HttpPort, loaded.Options.HttpInterface));
    }

    [Fact]
    public void InheritedBytesAreCheckedAsAFileIs()
    {
        var problems = Assert.Throws<ConfigurationError>(() => Load(Inherited("[options]\nnot a setting\n"), "-c", "/etc/odoo.conf")).Problems;

        Assert.Contains(problems, p => p.StartsWith("odoo.conf, line", StringComparison.Ordinal));
    }

    public void Dispose() => _harness.Dispose();
}
