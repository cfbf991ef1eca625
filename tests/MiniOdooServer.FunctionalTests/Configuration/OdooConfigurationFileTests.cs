using MiniOdooServer.FunctionalTests.Support;
using MiniOdooServer.Tests.Configuration;

namespace MiniOdooServer.FunctionalTests.Configuration;

/// <summary>
/// Issue 14 against the real binary: a real Odoo configuration file survives <c>mini-odoo -s</c> (Python's own parser,
/// which Odoo uses, reads every key and value back), and a file in Odoo's looser syntax starts the server it describes.
/// </summary>
public sealed class OdooConfigurationFileTests
{
    // The shape of a production odoo.conf, saved by an editor that adds a byte-order mark; no data_dir, so that the
    // temporary one the tests pass on the command line adds a key rather than changing one.
    private const string ProductionFile =
        "\uFEFF; Odoo 17 production server\n" +
        "[options]\n" +
        "addons_path = /opt/odoo/odoo/addons,\n    /opt/odoo/custom-addons\n" +
        "admin_passwd = \"a master password\"\n" +
        "db_host = False\ndb_port = False\ndb_user = odoo\ndb_password = False\n" +
        "dbfilter = ^%d$\nlist_db = False\nwithout_demo = all\n" +
        "smtp_server = smtp.example.com\nsmtp_port = 587\nsmtp_user = odoo@example.com\nsmtp_password = s3cr3t\n" +
        "proxy_mode = True\nworkers = 4\nmax_cron_threads = 1\nlimit_time_cpu = 600\nlimit_time_real = 1200\n" +
        "http_interface = 127.0.0.1\nlongpolling_port = 8072\nlogfile = None\n" +
        "\n[queue_job]\nchannels = root:2\n";

    [Fact]
    public async Task SaveLeavesARealOdooFileThatPythonReadsWithEveryKeyAndValue()
    {
        var directory = Directory.CreateTempSubdirectory("mini-odoo-test-").FullName;
        var config = Path.Combine(directory, "odoo.conf");
        await File.WriteAllTextAsync(config, ProductionFile);
        var before = PythonOracle.Read(config).GetProperty("without_bom");

        await using var server = ServerProcess.Start(["-c", config, "-s", "--stop-after-init"], workDirectory: directory);

        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.False((await File.ReadAllBytesAsync(config)).AsSpan().StartsWith("\uFEFF"u8), "a byte-order mark was written");
        var after = PythonOracle.Read(config).GetProperty("odoo");
        Assert.True(after.GetProperty("ok").GetBoolean(), $"Python (and so Odoo) cannot read the saved file: {after}");
        var saved = PythonOracle.Section(after, "options");
        foreach (var (key, value) in PythonOracle.Section(before, "options"))
        {
            Assert.True(saved.TryGetValue(key, out var written), $"{key} was lost");
            Assert.Equal(value, written);
        }
        Assert.Equal(PythonOracle.Section(before, "queue_job"), PythonOracle.Section(after, "queue_job"));
        // What Odoo would write for unset database settings: False (Odoo refuses db_port = None).
        Assert.Equal(("False", "False"), (saved["db_name"], saved["db_port"]));
    }

    [Fact]
    public async Task AFileInOdoosLooserSyntaxStartsTheServerItDescribes()
    {
        var directory = Directory.CreateTempSubdirectory("mini-odoo-test-").FullName;
        var config = Path.Combine(directory, "odoo.conf");
        var port = Ports.Free();
        await File.WriteAllTextAsync(config,
            "[options]\n" +
            $"HTTP_PORT: {port}\n" +
            "Workers = 2\n" +
            "http_interface = 127.0.0.1\n" +
            $"gevent_port = {Ports.Free()}\n" +
            "max_cron_threads = 0\n" +
            "addons_path = /opt/odoo/addons,\n    /opt/odoo/custom\n" +
            "server_wide_modules = False\n");

        await using var server = ServerProcess.Start(["-c", config], workDirectory: directory);

        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: 2);
        Assert.Contains("workers: 2, max_cron_threads: 0, server_wide_modules: base,web", server.Output);
        using var health = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }
}
