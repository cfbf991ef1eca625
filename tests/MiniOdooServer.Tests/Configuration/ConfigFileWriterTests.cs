using System.Runtime.Versioning;
using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.Configuration;

public sealed class ConfigFileWriterTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static IReadOnlyList<string> OptionLines(string path) =>
        File.ReadLines(path).SkipWhile(l => l != "[options]").Skip(1).TakeWhile(l => !l.StartsWith('[')).Where(l => l.Length > 0).ToArray();

    [Fact]
    public void SaveWritesEveryVisibleKeySorted()
    {
        var path = Path.Combine(_harness.Directory, "saved.conf");

        ConfigFileWriter.Save(new ServerOptions(), null, path);

        var keys = OptionLines(path).Select(l => l[..l.IndexOf(" = ", StringComparison.Ordinal)]).ToArray();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(OptionCatalog.All.Where(o => !o.Hidden).Select(o => o.Key).Order(StringComparer.Ordinal), keys);
        Assert.DoesNotContain("longpolling_port", keys);
    }

    /// <summary>Writes a configuration file, loads it with --save and saves it as the executable does; returns its path.</summary>
    private string SaveOver(string text)
    {
        var path = _harness.WriteFile("odoo.conf", text);
        var loaded = _harness.Load("-c", path, "--save");
        ConfigFileWriter.Save(loaded.Options, loaded.File, path);
        return path;
    }

    [Fact]
    public void SaveWritesUnsetValuesAsOdooSavesThem()
    {
        var path = Path.Combine(_harness.Directory, "saved.conf");

        ConfigFileWriter.Save(new ServerOptions(), null, path);

        // Odoo refuses db_port = None (invalid integer value) and reads db_host = None as a host named None.
        var lines = OptionLines(path);
        Assert.Contains("logfile = None", lines);
        Assert.Contains("pidfile = None", lines);
        Assert.Contains("db_host = False", lines);
        Assert.Contains("db_port = False", lines);
        Assert.Contains("db_user = False", lines);
        Assert.Contains("db_password = False", lines);
        Assert.Contains("db_name = False", lines);
        Assert.Contains("limit_memory_hard_gevent = False", lines);
        Assert.Contains("proxy_mode = False", lines);
        Assert.Contains("log_handler = :INFO", lines);
        Assert.Contains("http_interface = ", lines);
    }

    [Fact]
    public void SaveWritesNoByteOrderMark()
    {
        var path = Path.Combine(_harness.Directory, "saved.conf");

        ConfigFileWriter.Save(new ServerOptions(), null, path);

        Assert.Equal("[options]\n"u8.ToArray(), File.ReadAllBytes(path).Take(10).ToArray());
    }

    [Fact]
    public void SaveKeepsEveryKeyMiniOdooDoesNotUse()
    {
        var path = SaveOver("[options]\naddons_path = /opt/odoo/addons,/mnt/extra\ndbfilter = ^%d$\nlist_db = False\nsmtp_password = \"p w\"\n" +
            "without_demo = all\nworkers = 2\nscreencasts =\n");

        var lines = OptionLines(path);
        Assert.Contains("addons_path = /opt/odoo/addons,/mnt/extra", lines);
        Assert.Contains("dbfilter = ^%d$", lines);
        Assert.Contains("list_db = False", lines);
        Assert.Contains("smtp_password = \"p w\"", lines);
        Assert.Contains("without_demo = all", lines);
        Assert.Contains("workers = 2", lines);
        Assert.Contains("screencasts = ", lines);
    }

    [Fact]
    public void SaveWritesARenamedAliasUnderItsOdooKey()
    {
        var path = SaveOver("[options]\nxmlrpc_port = 9000\nlongpolling_port = 8072\n");

        // Odoo renames xmlrpc_port on load and saves http_port; longpolling_port is an option of its own to Odoo 16 and 17.
        var lines = OptionLines(path);
        Assert.Contains("http_port = 9000", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("xmlrpc_port", StringComparison.Ordinal));
        Assert.Contains("longpolling_port = 8072", lines);
    }

    [Fact]
    public void SaveWritesAMultiLineValueWithTabbedContinuationLines()
    {
        var path = SaveOver("[options]\naddons_path = /a,\n    /b\n");

        Assert.Contains("addons_path = /a,\n\t/b\n", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal("/a,\n/b", _harness.Load("-c", path).File!.Document.Items("options").Single(e => e.Key == "addons_path").Value);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void SaveCreatesANewFileReadableByItsOwnerOnly()
    {
        var path = Path.Combine(_harness.Directory, "new.conf");

        ConfigFileWriter.Save(new ServerOptions(), null, path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void SaveKeepsTheModeOfAnExistingFile()
    {
        var path = _harness.WriteFile("existing.conf", "[options]\nworkers = 2\n");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);

        ConfigFileWriter.Save(new ServerOptions(), _harness.Load("-c", path).File, path);

        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void SaveKeepsTheOtherSectionsOfAnExistingFile()
    {
        var path = _harness.WriteFile("existing.conf",
            "; kept\n[options]\nworkers = 2\naddons_path = /x\n\n[cron:heartbeat]\naction = bus.gc\ninterval = 60\n");

        ConfigFileWriter.Save(new ServerOptions { Workers = 3 }, _harness.Load("-c", path).File, path);

        var text = File.ReadAllText(path);
        Assert.StartsWith("; kept\n[options]\n", text, StringComparison.Ordinal);
        Assert.Contains("[cron:heartbeat]\naction = bus.gc\ninterval = 60\n", text, StringComparison.Ordinal);
        Assert.Contains("workers = 3\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("workers = 2", text, StringComparison.Ordinal);
        Assert.Single(File.ReadLines(path), l => l == "[options]");
    }

    [Fact]
    public void ASavedFileLoadsBackToEqualOptions()
    {
        var original = _harness.Load(
            "-c", ConfigurationHarness.Fixture("odoo-production.conf"),
            "--log-handler", "odoo.http:DEBUG", "--limit-memory-soft-gevent", "512M", "--pidfile", "/run/mini-odoo.pid").Options;
        var path = Path.Combine(_harness.Directory, "round-trip.conf");

        ConfigFileWriter.Save(original, null, path);
        var reloaded = _harness.Load("-c", path);

        Assert.Equal(ConfigurationHarness.Snapshot(original), ConfigurationHarness.Snapshot(reloaded.Options));
        Assert.Empty(reloaded.Warnings);
    }

    [Fact]
    public void SavingThroughTheLoaderCreatesTheFileNamedByConfig()
    {
        var path = Path.Combine(_harness.Directory, "sub", "odoo.conf");
        var loaded = _harness.Load("-c", path, "--save", "--workers", "4");

        ConfigFileWriter.Save(loaded.Options, loaded.File, loaded.Options.ConfigFile!);

        Assert.Equal(4, _harness.Load("-c", path).Options.Workers);
    }
}
