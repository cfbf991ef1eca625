using MiniOdooServer.App.Modules;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.Configuration;

/// <summary>
/// Issue 14: a file Odoo accepts means the same to mini-odoo, or mini-odoo says at start, naming the key, how it reads
/// it otherwise. (The -s defects, 1 to 3, are in <see cref="ConfigFileWriterTests"/>; the reader against Python's own
/// parser in <see cref="RawConfigParserDifferentialTests"/>.)
/// </summary>
public sealed class OdooFidelityTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData("None")]
    [InlineData("False")]
    [InlineData("")]
    public void AnUnsetModuleListMeansOdoosDefault(string value)
    {
        var path = _harness.WriteFile("odoo.conf", $"[options]\nserver_wide_modules = {value}\n");

        var options = _harness.Load("-c", path).Options;

        Assert.Equal(["base", "web"], options.ServerWideModules);
        Assert.Null(RouteModuleCatalog.WhyNothingIsServed(options));
    }

    [Fact]
    public void AModuleListThatWouldServeNothingIsRefusedInWords()
    {
        var options = _harness.Load("--load", "sale,stock").Options;

        Assert.Equal(
            "server_wide_modules = sale,stock loads no module mini-odoo serves (web, bus, cron, bench): every request " +
            "would answer 404; expected web, as in Odoo's default base,web",
            RouteModuleCatalog.WhyNothingIsServed(options));
        Assert.Null(RouteModuleCatalog.WhyNothingIsServed(options with { HttpEnable = false }));
    }

    [Fact]
    public void UpperCaseKeysAreReadAsOdooReadsThemLowerCased()
    {
        var path = _harness.WriteFile("odoo.conf", "[options]\nHTTP_PORT = 9000\nWorkers = 8\nMax_Cron_Threads = 1\n");

        var loaded = _harness.Load("-c", path);

        Assert.Equal(9000, loaded.Options.HttpPort);
        Assert.Equal(8, loaded.Options.Workers);
        Assert.Equal(1, loaded.Options.MaxCronThreads);
        Assert.Empty(loaded.Warnings);
    }

    [Fact]
    public void ColonSeparatorsAndContinuationLinesAreRead()
    {
        var path = _harness.WriteFile("odoo.conf",
            "[options]\nworkers: 2\naddons_path = /a,\n    /b\nlog_handler = :INFO,\n    werkzeug:WARNING\n");

        var loaded = _harness.Load("-c", path);

        Assert.Equal(2, loaded.Options.Workers);
        Assert.Equal([new LogHandlerSpec("", "INFO"), new LogHandlerSpec("werkzeug", "WARNING")], loaded.Options.LogHandlers);
    }

    [Fact]
    public void QuotesAreKeptAsOdooKeepsThem()
    {
        var path = _harness.WriteFile("odoo.conf", "[options]\nadmin_passwd = \"my secret\"\ndb_password = 'x'\n");

        var options = _harness.Load("-c", path).Options;

        Assert.Equal("\"my secret\"", options.AdminPassword);
        Assert.Equal("'x'", options.Database.Password);
    }

    [Theory]
    [InlineData("proxy_mode = 0", "proxy_mode = 0 (odoo.conf, line 2): Odoo reads it as True (any text but False is true to Odoo); mini-odoo reads it as False")]
    [InlineData("db_host = None", "db_host = None (odoo.conf, line 2): Odoo reads it as the text 'None'; mini-odoo reads it as unset: write False")]
    [InlineData("db_port = None", "db_port = None (odoo.conf, line 2): Odoo refuses it (invalid integer value: 'None'); mini-odoo reads it as unset: write False")]
    public void AValueOdooReadsOtherwiseIsWarnedNamingTheKey(string line, string warning)
    {
        var path = _harness.WriteFile("odoo.conf", $"[options]\n{line}\n");

        Assert.Equal([warning], _harness.Load("-c", path).Warnings);
    }

    [Theory]
    [InlineData("workers = False", "Workers", "0")]
    [InlineData("limit_request = 8_192", "Request", "8192")]
    [InlineData("proxy_mode =", "ProxyMode", "False")]
    [InlineData("admin_passwd = False", "AdminPassword", "")]
    [InlineData("http_interface = False", "HttpInterface", "")]
    [InlineData("log_handler = [':INFO']", "LogHandlers", ":INFO")]
    public void ValuesOdooAcceptsMeanTheSameWithoutAWarning(string line, string property, string expected)
    {
        var path = _harness.WriteFile("odoo.conf", $"[options]\n{line}\n");

        var loaded = _harness.Load("-c", path);

        Assert.Empty(loaded.Warnings);
        var options = loaded.Options;
        var actual = property switch
        {
            "Workers" => options.Workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "Request" => options.Limits.Request.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "ProxyMode" => options.ProxyMode ? "True" : "False",
            "AdminPassword" => options.AdminPassword,
            "HttpInterface" => options.HttpInterface,
            _ => string.Join(",", options.LogHandlers),
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void PathsAreExpandedAndMadeAbsoluteAsOdooDoes()
    {
        _harness.Environment["ODOO_BASE"] = "/srv/odoo";
        var path = _harness.WriteFile("odoo.conf",
            "[options]\ndata_dir = $ODOO_BASE/data\nlogfile = ~/log/odoo.log\npidfile = ${NOT_SET}/odoo.pid\n");

        var options = _harness.Load("-c", path).Options;

        Assert.Equal("/srv/odoo/data", options.DataDir);
        Assert.Equal(Path.Combine(_harness.Home, "log", "odoo.log"), options.LogFile);
        // An undefined variable stays as written (Python's expandvars), and a relative path starts from the current folder.
        Assert.Equal(Path.GetFullPath("${NOT_SET}/odoo.pid"), options.PidFile);
    }

    [Fact]
    public void AFileSavedByOdooSeventeenStartsMiniOdooWithTheSameMeaning()
    {
        var loaded = _harness.Load("-c", ConfigurationHarness.Fixture(Path.Combine("odoo-conf", "03-saved-by-odoo17.conf")));

        var options = loaded.Options;
        Assert.Equal((8069, 8072, 0, 2), (options.HttpPort, options.GeventPort, options.Workers, options.MaxCronThreads));
        Assert.Equal((2147483648L, 2684354560L, 65536), (options.Limits.MemorySoft, options.Limits.MemoryHard, options.Limits.Request));
        Assert.Equal(("", null, null, null), (options.HttpInterface, options.Database.Host, options.Database.Port, options.LogFile));
        Assert.Equal(0.2, options.Bus.RateLimitDelay);
        // Only the keys mini-odoo does not use are mentioned: no value is read otherwise than Odoo reads it.
        var warning = Assert.Single(loaded.Warnings);
        Assert.StartsWith("Options mini-odoo does not use, ignored (-s keeps them): addons_path, csv_internal_sep,", warning);
    }
}
