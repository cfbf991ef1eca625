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

        ConfigFileWriter.Save(new ServerOptions(), path);

        var keys = OptionLines(path).Select(l => l[..l.IndexOf(" = ", StringComparison.Ordinal)]).ToArray();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(OptionCatalog.All.Where(o => !o.Hidden).Select(o => o.Key).Order(StringComparer.Ordinal), keys);
        Assert.DoesNotContain("longpolling_port", keys);
    }

    [Fact]
    public void SaveWritesUnsetValuesAsNone()
    {
        var path = Path.Combine(_harness.Directory, "saved.conf");

        ConfigFileWriter.Save(new ServerOptions(), path);

        var lines = OptionLines(path);
        Assert.Contains("logfile = None", lines);
        Assert.Contains("pidfile = None", lines);
        Assert.Contains("db_port = None", lines);
        Assert.Contains("limit_memory_hard_gevent = None", lines);
        Assert.Contains("proxy_mode = False", lines);
        Assert.Contains("log_handler = :INFO", lines);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void SaveCreatesANewFileReadableByItsOwnerOnly()
    {
        var path = Path.Combine(_harness.Directory, "new.conf");

        ConfigFileWriter.Save(new ServerOptions(), path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void SaveKeepsTheModeOfAnExistingFile()
    {
        var path = _harness.WriteFile("existing.conf", "[options]\nworkers = 2\n");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);

        ConfigFileWriter.Save(new ServerOptions(), path);

        Assert.Equal(mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void SaveKeepsTheOtherSectionsOfAnExistingFile()
    {
        var path = _harness.WriteFile("existing.conf",
            "[options]\nworkers = 2\naddons_path = /x\n\n[cron:heartbeat]\ninterval = 60\nenabled = True\n");

        ConfigFileWriter.Save(new ServerOptions { Workers = 3 }, path);

        var text = File.ReadAllText(path);
        Assert.Contains("[cron:heartbeat]\ninterval = 60\nenabled = True\n", text, StringComparison.Ordinal);
        Assert.Contains("workers = 3\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("workers = 2", text, StringComparison.Ordinal);
        Assert.Single(File.ReadLines(path), l => l == "[options]");
    }

    [Fact]
    public void ASavedFileLoadsBackToEqualOptions()
    {
        var original = _harness.Load(
            "-c", ConfigurationHarness.Fixture("odoo-production.conf"),
            "--log-handler", "mini_odoo.http:DEBUG", "--limit-memory-soft-gevent", "512M", "--pidfile", "/run/mini-odoo.pid").Options;
        var path = Path.Combine(_harness.Directory, "round-trip.conf");

        ConfigFileWriter.Save(original, path);
        var reloaded = _harness.Load("-c", path);

        Assert.Equal(ConfigurationHarness.Snapshot(original), ConfigurationHarness.Snapshot(reloaded.Options));
        Assert.Empty(reloaded.Warnings);
    }

    [Fact]
    public void SavingThroughTheLoaderCreatesTheFileNamedByConfig()
    {
        var path = Path.Combine(_harness.Directory, "sub", "odoo.conf");
        var loaded = _harness.Load("-c", path, "--save", "--workers", "4");

        ConfigFileWriter.Save(loaded.Options, loaded.Options.ConfigFile!);

        Assert.Equal(4, _harness.Load("-c", path).Options.Workers);
    }
}
