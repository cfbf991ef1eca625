using MiniOdooServer.Configuration.Loading;

namespace MiniOdooServer.Tests.Configuration;

/// <summary>Issue 13, point 5: a file whose settings [options] never sees no longer runs silently on every default.</summary>
public sealed class ConfigFileLayoutTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void AFileWithoutAnOptionsSectionIsRefusedNamingTheFile()
    {
        var path = _harness.WriteFile("odoo.conf", "[option]\nhttp_interface = 127.0.0.1\nworkers = 4\n");

        var problem = Assert.Single(_harness.Problems("-c", path));

        Assert.StartsWith("odoo.conf: no [options] section: expected the settings under a line [options]", problem);
    }

    [Fact]
    public void KeysBeforeAnySectionAreAWarningNamingTheLines()
    {
        var path = _harness.WriteFile("odoo.conf", "; mine\nhttp_interface = 127.0.0.1\n\nworkers = 4\n[options]\nhttp_port = 8070\n");

        var loaded = _harness.Load("-c", path);

        var warning = Assert.Single(loaded.Warnings);
        Assert.Equal("odoo.conf: lines 2, 4 before any section, ignored: expected every setting under [options]", warning);
        Assert.Equal(8070, loaded.Options.HttpPort);
        Assert.Equal("", loaded.Options.HttpInterface);
    }

    [Fact]
    public void OnlyKeysAndNoSectionAreAnErrorAndAWarning()
    {
        var path = _harness.WriteFile("odoo.conf", "http_interface = 127.0.0.1\n");

        var error = Assert.Throws<ConfigurationError>(() => _harness.Load("-c", path));

        Assert.Contains(error.Problems, p => p.StartsWith("odoo.conf: no [options] section", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("; nothing set yet\n# still nothing\n")]
    public void AnEmptyFileReadsAsTheDefaults(string text)
    {
        var path = _harness.WriteFile("odoo.conf", text);

        var loaded = _harness.Load("-c", path);

        Assert.Empty(loaded.Warnings);
        Assert.Equal(ConfigurationHarness.Snapshot(_harness.Load().Options), ConfigurationHarness.Snapshot(loaded.Options));
    }

    [Fact]
    public void AByteOrderMarkDoesNotHideTheFirstSection()
    {
        var layout = IniLayout.Scan("\uFEFF[options]\nworkers = 2\n", "options");

        Assert.True(layout.HasOptionsSection);
        Assert.Empty(layout.KeyLinesBeforeAnySection);
    }

    [Fact]
    public void ASectionNameIsReadWithoutCaseAsTheIniProviderReadsIt()
    {
        var layout = IniLayout.Scan("[ Options ]\nworkers = 2\n", "options");

        Assert.True(layout.HasOptionsSection);
        Assert.Empty(layout.KeyLinesBeforeAnySection);
    }
}
