using MiniOdooServer.Configuration.Loading;

namespace MiniOdooServer.Tests.Configuration;

public sealed class ConfigFileLocatorTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private string Locate(string? explicitPath) =>
        ConfigFileLocator.Locate(explicitPath, name => _harness.Environment.GetValueOrDefault(name), _harness.Home);

    [Fact]
    public void TheConfigFlagBeatsTheEnvironment()
    {
        _harness.Environment["ODOO_RC"] = "/etc/odoo/from-odoo-rc.conf";
        _harness.Environment["OPENERP_SERVER"] = "/etc/odoo/from-openerp-server.conf";

        Assert.Equal("/etc/odoo/explicit.conf", Locate("/etc/odoo/explicit.conf"));
    }

    [Fact]
    public void OdooRcBeatsOpenerpServer()
    {
        _harness.Environment["ODOO_RC"] = "/etc/odoo/from-odoo-rc.conf";
        _harness.Environment["OPENERP_SERVER"] = "/etc/odoo/from-openerp-server.conf";

        Assert.Equal("/etc/odoo/from-odoo-rc.conf", Locate(null));
    }

    [Fact]
    public void OpenerpServerIsUsedWithoutOdooRc()
    {
        _harness.Environment["OPENERP_SERVER"] = "/etc/odoo/from-openerp-server.conf";

        Assert.Equal("/etc/odoo/from-openerp-server.conf", Locate(null));
    }

    [Fact]
    public void AnEmptyOdooRcFallsBackToOpenerpServer()
    {
        // Odoo reads os.environ.get('ODOO_RC') or os.environ.get('OPENERP_SERVER'): an empty value counts as unset.
        _harness.Environment["ODOO_RC"] = "";
        _harness.Environment["OPENERP_SERVER"] = "/etc/odoo/from-openerp-server.conf";

        Assert.Equal("/etc/odoo/from-openerp-server.conf", Locate(null));
    }

    [Fact]
    public void TheEnvironmentBeatsTheHomeFile()
    {
        File.WriteAllText(Path.Combine(_harness.Home, ".odoorc"), "[options]\n");
        _harness.Environment["ODOO_RC"] = "/etc/odoo/from-odoo-rc.conf";

        Assert.Equal("/etc/odoo/from-odoo-rc.conf", Locate(null));
    }

    [Fact]
    public void AnExplicitRelativePathIsMadeAbsolute()
    {
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "odoo.conf"), Locate("odoo.conf"));
    }

    [Fact]
    public void WithoutAnythingTheOdoorcInTheHomeFolderIsUsedEvenIfMissing()
    {
        // --save creates it there.
        Assert.Equal(Path.Combine(_harness.Home, ".odoorc"), Locate(null));
    }

    [Fact]
    public void TheLegacyRcFileIsUsedWhenItIsTheOnlyOne()
    {
        File.WriteAllText(Path.Combine(_harness.Home, ".openerp_serverrc"), "[options]\n");

        Assert.Equal(Path.Combine(_harness.Home, ".openerp_serverrc"), Locate(null));
    }

    [Fact]
    public void BothRcFilesInTheHomeFolderAreAnError()
    {
        File.WriteAllText(Path.Combine(_harness.Home, ".odoorc"), "[options]\n");
        File.WriteAllText(Path.Combine(_harness.Home, ".openerp_serverrc"), "[options]\n");

        var error = Assert.Throws<ConfigurationError>(() => Locate(null));

        Assert.Contains("Please keep only one of them", Assert.Single(error.Problems), StringComparison.Ordinal);
    }
}
