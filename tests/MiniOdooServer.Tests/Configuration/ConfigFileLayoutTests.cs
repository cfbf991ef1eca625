using MiniOdooServer.Configuration.Loading;

namespace MiniOdooServer.Tests.Configuration;

/// <summary>A file whose settings [options] never sees is refused rather than run on every default (issue 13, point 5; issue 14).</summary>
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
    public void KeysBeforeAnySectionAreRefusedNamingEachLine()
    {
        // Python's parser stops at the first one (MissingSectionHeaderError), so Odoo does not start either.
        var path = _harness.WriteFile("odoo.conf", "; mine\nhttp_interface = 127.0.0.1\n\nworkers = 4\n[options]\nhttp_port = 8070\n");

        var problems = _harness.Problems("-c", path);

        Assert.Equal(
            ["odoo.conf, line 2: 'http_interface = 127.0.0.1' comes before any section: expected a section header such as [options] above it",
             "odoo.conf, line 4: 'workers = 4' comes before any section: expected a section header such as [options] above it"],
            problems);
    }

    [Fact]
    public void OnlyKeysAndNoSectionAreAnError()
    {
        var path = _harness.WriteFile("odoo.conf", "http_interface = 127.0.0.1\n");

        var error = Assert.Throws<ConfigurationError>(() => _harness.Load("-c", path));

        Assert.Contains(error.Problems, p => p.StartsWith("odoo.conf, line 1: 'http_interface = 127.0.0.1' comes before any section", StringComparison.Ordinal));
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
    public void AByteOrderMarkIsSkippedWithAWarningThatOdooCannotReadTheFile()
    {
        var path = _harness.WriteFile("odoo.conf", "\uFEFF[options]\nworkers = 2\n");

        var loaded = _harness.Load("-c", path);

        Assert.Equal(2, loaded.Options.Workers);
        var warning = Assert.Single(loaded.Warnings);
        Assert.StartsWith("odoo.conf starts with a byte-order mark, which Odoo cannot read (MissingSectionHeaderError)", warning);
    }

    [Fact]
    public void ASectionNameIsExactAsInOdooAndTheNearMissIsNamed()
    {
        var path = _harness.WriteFile("odoo.conf", "[Options]\nworkers = 2\n");

        var problem = Assert.Single(_harness.Problems("-c", path));

        Assert.EndsWith("([Options] on line 1 is another section: section names are exact, as in Odoo)", problem);
    }
}
