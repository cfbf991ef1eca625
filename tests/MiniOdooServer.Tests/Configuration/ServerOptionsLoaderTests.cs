using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel;

namespace MiniOdooServer.Tests.Configuration;

public sealed class ServerOptionsLoaderTests : IDisposable
{
    private readonly ConfigurationHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void NoFileAndNoFlagsGiveOdoosDefaults()
    {
        var loaded = _harness.Load();

        var options = loaded.Options;
        Assert.Null(options.ConfigFile);
        Assert.Equal(8069, options.HttpPort);
        Assert.Equal(8072, options.GeventPort);
        Assert.Equal("", options.HttpInterface);
        Assert.True(options.HttpEnable);
        Assert.False(options.ProxyMode);
        Assert.Equal(0, options.Workers);
        Assert.Equal(2, options.MaxCronThreads);
        Assert.Equal(2048 * LimitOptions.MiB, options.Limits.MemorySoft);
        Assert.Equal(2560 * LimitOptions.MiB, options.Limits.MemoryHard);
        Assert.Equal(60, options.Limits.TimeCpu);
        Assert.Equal(120, options.Limits.TimeReal);
        Assert.Equal(65536, options.Limits.Request);
        Assert.Equal("info", options.LogLevel);
        Assert.Equal([new LogHandlerSpec("", "INFO")], options.LogHandlers);
        Assert.Equal(["base", "web"], options.ServerWideModules);
        Assert.Empty(loaded.Warnings);
    }

    [Fact]
    public void DefaultsFileReadsTheSameAsNoFile()
    {
        var fromFile = _harness.Load("-c", ConfigurationHarness.Fixture("defaults.conf"));
        var builtIn = _harness.Load();

        var expected = ConfigurationHarness.Snapshot(builtIn.Options);
        var actual = ConfigurationHarness.Snapshot(fromFile.Options);
        // data_dir is the only default that depends on the machine; the file leaves it out.
        Assert.Equal(expected, actual);
        Assert.Empty(fromFile.Warnings);
    }

    [Fact]
    public void AnOdooProductionFileLoads()
    {
        var loaded = _harness.Load("-c", ConfigurationHarness.Fixture("odoo-production.conf"));

        var options = loaded.Options;
        Assert.Equal(4, options.Workers);
        Assert.Equal(1, options.MaxCronThreads);
        Assert.Equal("127.0.0.1", options.HttpInterface);
        Assert.True(options.ProxyMode);
        Assert.Equal("/var/lib/odoo", options.DataDir);
        Assert.Equal("/var/log/odoo/odoo-server.log", options.LogFile);
        Assert.Null(options.PidFile);
        Assert.Equal("warn", options.LogLevel);
        Assert.Equal([new LogHandlerSpec("", "INFO"), new LogHandlerSpec("werkzeug", "WARNING")], options.LogHandlers);
        Assert.Equal("db.internal", options.Database.Host);
        Assert.Equal(5432, options.Database.Port);
        Assert.Equal("odoo", options.Database.Name);
        Assert.True(options.Database.IsConfigured);
        Assert.Equal(32, options.Database.MaxConnections);
        Assert.Equal("$pbkdf2-sha512$600000$c2FsdA$aGFzaA", options.AdminPassword);
        // longpolling_port = 0 is how Odoo 16 and 17 save "not used": it must leave gevent_port alone, silently.
        Assert.Equal(8072, options.GeventPort);
        Assert.Equal(ConfigurationHarness.Fixture("odoo-production.conf"), options.ConfigFile);
    }

    [Fact]
    public void UnknownOdooKeysAreListedInOneWarning()
    {
        var loaded = _harness.Load("-c", ConfigurationHarness.Fixture("odoo-production.conf"));

        var warning = Assert.Single(loaded.Warnings);
        string[] unknown =
        [
            "addons_path", "csv_internal_sep", "db_template", "dbfilter", "list_db", "smtp_server", "smtp_port",
            "unaccent", "without_demo",
        ];
        foreach (var key in unknown)
        {
            Assert.Contains(key, warning, StringComparison.Ordinal);
        }
        // Each key once, and nothing mini-odoo implements.
        var listed = warning[(warning.IndexOf(':', StringComparison.Ordinal) + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(unknown.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }


    public static TheoryData<string, string, string, string> BadFiles => new()
    {
        { "bad-workers-word.conf", "workers", "many", "a whole number" },
        { "bad-negative-port.conf", "http_port", "-8069", "a port number from 1 to 65535" },
        { "bad-log-level.conf", "log_level", "verbose", "one of info, debug_rpc, warn" },
        { "bad-soft-above-hard.conf", "limit_memory_soft", "3221225472", "the soft limit at or below the hard limit" },
        { "bad-log-handler.conf", "log_handler", "werkzeug=WARNING", "a comma-separated list of PREFIX:LEVEL with LEVEL one of DEBUG, INFO, WARNING" },
        { "bad-size.conf", "limit_memory_soft", "lots", "a size in bytes greater than 0" },
        { "bad-boolean.conf", "proxy_mode", "yes", "True or False" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void ABadValueIsRefusedWithTheKeyTheValueAndWhatIsAccepted(string file, string key, string value, string accepted)
    {
        var problem = Assert.Single(_harness.Problems("-c", ConfigurationHarness.Fixture(file)));

        Assert.Contains(key, problem, StringComparison.Ordinal);
        Assert.Contains(value, problem, StringComparison.Ordinal);
        Assert.Contains("expected " + accepted, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad-workers-word.conf")]
    [InlineData("bad-boolean.conf")]
    public void AProblemInAFileNamesTheFileAndLine(string file)
    {
        var problem = Assert.Single(_harness.Problems("-c", ConfigurationHarness.Fixture(file)));

        Assert.Contains($"({file}, line 2)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ADuplicateKeyIsRefusedNamingTheFileAndTheKey()
    {
        var problem = Assert.Single(_harness.Problems("-c", ConfigurationHarness.Fixture("bad-duplicate-key.conf")));

        Assert.Contains("bad-duplicate-key.conf", problem, StringComparison.Ordinal);
        Assert.Contains("workers", problem, StringComparison.Ordinal);
        Assert.Contains("expected each key once", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemOfAFileIsReportedAtOnce()
    {
        var problems = _harness.Problems("-c", ConfigurationHarness.Fixture("bad-three-problems.conf"));

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("workers = many", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("http_port = 70000", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("log_level = loud", StringComparison.Ordinal));
    }


    [Fact]
    public void ProblemsFromTheFileAndTheCommandLineAreReportedTogether()
    {
        var problems = _harness.Problems("-c", ConfigurationHarness.Fixture("bad-workers-word.conf"), "--limit-time-cpu", "soon");

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("--limit-time-cpu soon: expected a whole number ≥ 0", StringComparison.Ordinal));
    }

    [Fact]
    public void AnUnknownFlagIsAnError()
    {
        var problems = _harness.Problems("--wrokers", "4");

        Assert.Contains(problems, p => p.Contains("'--wrokers'", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigurationErrorsExitWithCodeTwo()
    {
        // argparse's and Odoo's exit code for a usage error; service managers and scripts rely on it.
        Assert.Equal(2, ExitCodes.ConfigurationError);
    }

    [Fact]
    public void TheCommandLineBeatsTheFileWhichBeatsTheDefaults()
    {
        var path = _harness.WriteFile("server.conf", "[options]\nworkers = 2\nhttp_port = 9000\n");

        var options = _harness.Load("-c", path, "--workers", "3").Options;

        Assert.Equal(3, options.Workers);
        Assert.Equal(9000, options.HttpPort);
        Assert.Equal(2, options.MaxCronThreads);
    }

    [Fact]
    public void AnExplicitConfigFileThatDoesNotExistIsAnErrorNamingIt()
    {
        var missing = Path.Combine(_harness.Directory, "missing.conf");

        var problem = Assert.Single(_harness.Problems("-c", missing));

        Assert.Contains($"'{missing}'", problem, StringComparison.Ordinal);
        Assert.Contains("doesn't exist or is not readable", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExplicitConfigFileThatCannotBeReadIsAnErrorNamingIt()
    {
        // The tests may run as root, for whom no file mode is unreadable; a directory cannot be read as a file by anyone.
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(_harness.Directory, "a-folder.conf")).FullName;

        var problem = Assert.Single(_harness.Problems("--config", directory));

        Assert.Contains($"'{directory}'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExplicitConfigFileThatDoesNotExistIsFineWithSave()
    {
        var missing = Path.Combine(_harness.Directory, "new.conf");

        var options = _harness.Load("-c", missing, "--save").Options;

        Assert.Equal(missing, options.ConfigFile);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void TheFileNamedByOdooRcIsRead()
    {
        _harness.Environment["ODOO_RC"] = _harness.WriteFile("rc.conf", "[options]\nworkers = 5\n");

        Assert.Equal(5, _harness.Load().Options.Workers);
    }

    [Fact]
    public void TheOdoorcInTheHomeFolderIsRead()
    {
        File.WriteAllText(Path.Combine(_harness.Home, ".odoorc"), "[options]\nworkers = 6\n");

        var options = _harness.Load().Options;

        Assert.Equal(6, options.Workers);
        Assert.Equal(Path.Combine(_harness.Home, ".odoorc"), options.ConfigFile);
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("false", false)]
    public void BooleansReadAsOdooWritesThem(string text, bool expected)
    {
        var path = _harness.WriteFile("b.conf", $"[options]\nproxy_mode = {text}\nhttp_enable = {text}\n");

        var options = _harness.Load("-c", path).Options;

        Assert.Equal(expected, options.ProxyMode);
        Assert.Equal(expected, options.HttpEnable);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("False")]
    public void NoneAndFalseReadAsUnset(string text)
    {
        var path = _harness.WriteFile("n.conf",
            $"[options]\nlogfile = {text}\npidfile = {text}\ndb_host = {text}\ndb_port = {text}\nlimit_memory_soft_gevent = {text}\n");

        var options = _harness.Load("-c", path).Options;

        Assert.Null(options.LogFile);
        Assert.Null(options.PidFile);
        Assert.Null(options.Database.Host);
        Assert.Null(options.Database.Port);
        Assert.Null(options.Limits.MemorySoftGevent);
        Assert.Equal(options.Limits.MemorySoft, options.Limits.EffectiveMemorySoftGevent);
    }

    [Fact]
    public void LongpollingPortSetsGeventPortWithADeprecationWarning()
    {
        var path = _harness.WriteFile("lp.conf", "[options]\nlongpolling_port = 8075\n");

        var loaded = _harness.Load("-c", path);

        Assert.Equal(8075, loaded.Options.GeventPort);
        var warning = Assert.Single(loaded.Warnings);
        Assert.Contains("longpolling-port is a deprecated alias to the gevent-port option", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLongpollingPortFlagSetsGeventPortToo()
    {
        var loaded = _harness.Load("--longpolling-port", "9072");

        Assert.Equal(9072, loaded.Options.GeventPort);
        Assert.Single(loaded.Warnings);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("False")]
    [InlineData("false")]
    public void AnUnsetLongpollingPortIsIgnoredSilently(string text)
    {
        var path = _harness.WriteFile("lp.conf", $"[options]\ngevent_port = 8090\nlongpolling_port = {text}\n");

        var loaded = _harness.Load("-c", path);

        Assert.Equal(8090, loaded.Options.GeventPort);
        Assert.Empty(loaded.Warnings);
    }

    [Fact]
    public void XmlrpcKeysAreAliasesOfTheHttpKeys()
    {
        var path = _harness.WriteFile("x.conf", "[options]\nxmlrpc_port = 8090\nxmlrpc_interface = 127.0.0.1\nxmlrpc = False\n");

        var loaded = _harness.Load("-c", path);

        Assert.Equal(8090, loaded.Options.HttpPort);
        Assert.Equal("127.0.0.1", loaded.Options.HttpInterface);
        Assert.False(loaded.Options.HttpEnable);
        Assert.Empty(loaded.Warnings);
    }

    [Theory]
    [InlineData("--xmlrpc-port")]
    [InlineData("--http-port")]
    [InlineData("-p")]
    public void EveryHttpPortFlagSetsTheHttpPort(string flag)
    {
        Assert.Equal(8091, _harness.Load(flag, "8091").Options.HttpPort);
    }

    [Theory]
    [InlineData("--no-http")]
    [InlineData("--no-xmlrpc")]
    public void NoHttpDisablesHttp(string flag)
    {
        Assert.False(_harness.Load(flag).Options.HttpEnable);
    }

    [Fact]
    public void ProxyModeSwitchTurnsProxyModeOn()
    {
        Assert.True(_harness.Load("--proxy-mode").Options.ProxyMode);
    }

    [Fact]
    public void AnAbsentSwitchKeepsTheFilesValue()
    {
        var path = _harness.WriteFile("p.conf", "[options]\nproxy_mode = True\nhttp_enable = False\n");

        var options = _harness.Load("-c", path).Options;

        Assert.True(options.ProxyMode);
        Assert.False(options.HttpEnable);
    }

    [Fact]
    public void LogHandlerIsRepeatable()
    {
        var options = _harness.Load("--log-handler", "werkzeug:WARNING", "--log-handler", "odoo.http:debug").Options;

        // After the default :INFO, which the flags add to.
        Assert.Equal(
            [new LogHandlerSpec("", "INFO"), new LogHandlerSpec("werkzeug", "WARNING"), new LogHandlerSpec("odoo.http", "DEBUG")],
            options.LogHandlers);
    }

    [Fact]
    public void LogHandlersOnTheCommandLineAddToTheFilesAsInOdoo()
    {
        // Odoo's config.py: self.options['log_handler'].extend(opt.log_handler). Later entries win for the same prefix.
        var path = _harness.WriteFile("h.conf", "[options]\nlog_handler = :INFO,werkzeug:WARNING\n");

        var options = _harness.Load("-c", path, "--log-handler", "werkzeug:ERROR").Options;

        Assert.Equal(
            [new LogHandlerSpec("", "INFO"), new LogHandlerSpec("werkzeug", "WARNING"), new LogHandlerSpec("werkzeug", "ERROR")],
            options.LogHandlers);
    }

    [Theory]
    [InlineData("536870912", 512L * 1024 * 1024)]
    [InlineData("512M", 512L * 1024 * 1024)]
    [InlineData("512m", 512L * 1024 * 1024)]
    [InlineData("2G", 2L * 1024 * 1024 * 1024)]
    [InlineData("64K", 64L * 1024)]
    public void MemorySizesAcceptKMAndGSuffixes(string text, long bytes)
    {
        var options = _harness.Load("--limit-memory-soft", text, "--limit-memory-hard", "8G").Options;

        Assert.Equal(bytes, options.Limits.MemorySoft);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("12T")]
    [InlineData("1.5G")]
    [InlineData("99999999999G")]
    [InlineData("G")]
    public void ImpossibleMemorySizesAreRefused(string text)
    {
        var problem = Assert.Single(_harness.Problems("--limit-memory-hard", text));

        Assert.Contains("--limit-memory-hard " + text, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ASoftLimitAboveTheHardLimitOfTheLongpollingWorkerIsRefused()
    {
        var problem = Assert.Single(_harness.Problems("--limit-memory-soft-gevent", "2G", "--limit-memory-hard-gevent", "1G"));

        Assert.StartsWith("limit_memory_soft_gevent = 2147483648 is above limit_memory_hard_gevent = 1073741824", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSamePortForHttpAndLongpollingIsRefusedInPreforkMode()
    {
        var problem = Assert.Single(_harness.Problems("--workers", "2", "--http-port", "8072"));

        Assert.Contains("gevent_port", problem, StringComparison.Ordinal);
        // The threaded server opens no longpolling port, so there the same number is harmless.
        Assert.Equal(8072, _harness.Load("--workers", "0", "--http-port", "8072").Options.HttpPort);
    }

    [Fact]
    public void MinusOneWorkersIsAMasterWithoutHttpWorkersAsInOdoo()
    {
        const string workers = "-1";
        // Odoo's deployment guide runs its cron servers with --workers=-1 --max-cron-threads=n --no-http.
        var options = _harness.Load($"--workers={workers}", "--max-cron-threads=3", "--no-http").Options;

        Assert.True(options.Prefork);
        Assert.Equal(0, options.HttpWorkerProcesses);
        Assert.Equal(3, options.MaxCronThreads);
        // With HTTP on, still no HTTP worker (the longpolling and cron workers run).
        Assert.Equal(0, _harness.Load("--workers", workers).Options.HttpWorkerProcesses);
    }

    [Fact]
    public void OnlyAPositiveWorkerCountWithHttpKeepsHttpWorkerProcesses()
    {
        Assert.Equal(4, _harness.Load("--workers", "4").Options.HttpWorkerProcesses);
        Assert.Equal(0, _harness.Load("--workers", "4", "--no-http").Options.HttpWorkerProcesses);
        Assert.False(_harness.Load("--workers", "0").Options.Prefork);
    }

    [Fact]
    public void ServerWideModulesAreACommaSeparatedList()
    {
        var options = _harness.Load("--load", "base, web,bench").Options;

        Assert.Equal(["base", "web", "bench"], options.ServerWideModules);
        Assert.True(options.LoadsModule("bench"));
    }

    [Fact]
    public void OtherSectionsOfTheFileAreAvailable()
    {
        var loaded = _harness.Load("-c", ConfigurationHarness.Fixture("odoo-production.conf"));

        Assert.Equal("60", loaded.File!.Root["cron:heartbeat:interval"]);
    }

    [Theory]
    [InlineData("-w", "4")]
    [InlineData("--db_password", "8")]
    public void AWorkerCountGivenToTheDatabasePasswordFlagIsKeptAndWarnedAbout(string flag, string value)
    {
        var loaded = _harness.Load(flag, value);

        Assert.Equal(value, loaded.Options.Database.Password);
        Assert.Equal(0, loaded.Options.Workers);
        Assert.Equal($"{flag} {value} sets db_password, as -w does in Odoo; did you mean --workers {value}?", Assert.Single(loaded.Warnings));
    }

    [Fact]
    public void APasswordThatIsNotANumberIsNotWarnedAbout() => Assert.Empty(_harness.Load("-w", "s3cret").Warnings);

    [Fact]
    public void WorkersBelowMinusOneAreRefused() =>
        // Odoo takes any negative count as -1; a typo should not start a master without HTTP workers.
        Assert.Equal("--workers -5: expected a whole number ≥ -1 (-1: a master without HTTP workers)",
            Assert.Single(_harness.Problems("--workers", "-5")));
}
