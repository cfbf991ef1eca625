using System.Reflection;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace MiniOdooServer.Tests.Logging;

public sealed class LoggingSetupTests
{
    [Theory]
    [InlineData("DEBUG", LogEventLevel.Debug)]
    [InlineData("INFO", LogEventLevel.Information)]
    [InlineData("WARNING", LogEventLevel.Warning)]
    [InlineData("WARN", LogEventLevel.Warning)]
    [InlineData("RUNBOT", LogEventLevel.Warning)]
    [InlineData("ERROR", LogEventLevel.Error)]
    [InlineData("CRITICAL", LogEventLevel.Fatal)]
    [InlineData("FATAL", LogEventLevel.Fatal)]
    [InlineData("NOTSET", null)]
    public void PythonLevelNamesMapToSerilogLevels(string name, LogEventLevel? expected)
    {
        Assert.Equal(expected, OdooLogLevels.ToSerilog(name));
    }

    [Fact]
    public void EveryLevelAHandlerAcceptsHasAMapping()
    {
        // A level the syntax accepts but the mapping does not know would silently fall back to INFO.
        foreach (var name in MiniOdooServer.Configuration.Values.LogHandlerSyntax.Levels.Where(l => l != "INFO"))
        {
            Assert.NotEqual(LogEventLevel.Information, OdooLogLevels.ToSerilog(name));
        }
    }

    /// <summary>What reaches the log for each (logger, level) written, with the levels the options give.</summary>
    private static List<string> Emit(ServerOptions options, params (string Logger, LogEventLevel Level)[] lines)
    {
        var sink = new CollectingSink();
        var configuration = new LoggerConfiguration().MinimumLevel.Information();
        LoggingSetup.ApplyLevels(configuration.MinimumLevel, options);
        using var logger = configuration.WriteTo.Sink(sink).CreateLogger();
        foreach (var (name, level) in lines)
        {
            logger.ForContext(Constants.SourceContextPropertyName, name).Write(level, "line");
        }
        return sink.Events
            .Select(e => $"{((ScalarValue)e.Properties[Constants.SourceContextPropertyName]).Value}:{OdooLogFormatter.LevelName(e.Level)}")
            .ToList();
    }

    [Fact]
    public void AWerkzeugWarningHandlerSilencesRequestLinesOnly()
    {
        var options = new ServerOptions { LogHandlers = [new LogHandlerSpec("", "INFO"), new LogHandlerSpec("werkzeug", "WARNING")] };

        var written = Emit(options,
            ("werkzeug", LogEventLevel.Information), ("werkzeug", LogEventLevel.Warning),
            (LoggerNames.Server, LogEventLevel.Information), ("bench", LogEventLevel.Information));

        Assert.Equal(["werkzeug:WARNING", "odoo.service.server:INFO", "bench:INFO"], written);
    }

    [Fact]
    public void AHandlerAppliesToChildLoggersButNotToSiblingNames()
    {
        var options = new ServerOptions { LogHandlers = [new LogHandlerSpec("odoo.http", "DEBUG")] };

        var written = Emit(options,
            (LoggerNames.HttpTransport, LogEventLevel.Debug), ("odoo.httpx", LogEventLevel.Debug), (LoggerNames.Cron, LogEventLevel.Debug));

        Assert.Equal(["odoo.http.transport:DEBUG"], written);
    }

    [Fact]
    public void TheWarnPresetSilencesOdooAndWerkzeugInfo()
    {
        var written = Emit(new ServerOptions { LogLevel = "warn" },
            ("werkzeug", LogEventLevel.Information), (LoggerNames.Server, LogEventLevel.Information),
            (LoggerNames.Server, LogEventLevel.Warning));

        Assert.Equal(["odoo.service.server:WARNING"], written);
    }

    [Fact]
    public void AHandlerBeatsTheLogLevelPreset()
    {
        // Odoo applies log_level's pseudo-handlers first and log_handler entries after them.
        var options = new ServerOptions { LogLevel = "warn", LogHandlers = [new LogHandlerSpec("werkzeug", "INFO")] };

        var written = Emit(options, ("werkzeug", LogEventLevel.Information), (LoggerNames.Cli, LogEventLevel.Information));

        Assert.Equal(["werkzeug:INFO"], written);
    }

    [Fact]
    public void AnEmptyPrefixSetsTheDefaultLevel()
    {
        var options = new ServerOptions { LogHandlers = [new LogHandlerSpec("", "DEBUG")] };

        var written = Emit(options, ("bench", LogEventLevel.Debug), ("bench", LogEventLevel.Verbose));

        Assert.Equal(["bench:DEBUG"], written);
    }

    [Fact]
    public void AspNetCoreInformationIsSilencedUnlessAHandlerAsksForIt()
    {
        Assert.Empty(Emit(new ServerOptions(), ("Microsoft.AspNetCore.Hosting.Diagnostics", LogEventLevel.Information)));

        var options = new ServerOptions { LogHandlers = [new LogHandlerSpec("Microsoft.AspNetCore", "INFO")] };
        Assert.Single(Emit(options, ("Microsoft.AspNetCore.Hosting.Diagnostics", LogEventLevel.Information)));
    }

    [Fact]
    public void TheHostingLayerIsOffEvenForCriticalSoThatNoRequestKeepsAnActivityUnlessAHandlerAsksForIt()
    {
        Assert.Empty(Emit(new ServerOptions(), ("Microsoft.AspNetCore.Hosting.Diagnostics", LogEventLevel.Fatal)));
        Assert.Single(Emit(new ServerOptions(), ("Microsoft.AspNetCore.Server.Kestrel", LogEventLevel.Warning)));

        var options = new ServerOptions { LogHandlers = [new LogHandlerSpec("Microsoft.AspNetCore.Hosting", "DEBUG")] };
        Assert.Single(Emit(options, ("Microsoft.AspNetCore.Hosting.Diagnostics", LogEventLevel.Debug)));
    }

    /// <summary>Every name mini-odoo logs under, from <see cref="LoggerNames"/>.</summary>
    private static string[] AllLoggerNames() =>
        typeof(LoggerNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    private static (string, LogEventLevel)[] InfoOf(IEnumerable<string> names) => names.Select(n => (n, LogEventLevel.Information)).ToArray();

    [Fact]
    public void ARootWarningHandlerSilencesEveryInfoLineWithTheDefaultPreset()
    {
        // Odoo's info preset adds nothing, so `:WARNING` reaches every logger; it used to leave mini-odoo's own at INFO.
        var options = new ServerOptions { LogLevel = "info", LogHandlers = [new LogHandlerSpec("", "WARNING")] };

        Assert.Empty(Emit(options, InfoOf(AllLoggerNames())));
        Assert.Equal(AllLoggerNames().Length, Emit(options, AllLoggerNames().Select(n => (n, LogEventLevel.Warning)).ToArray()).Count);
    }

    [Fact]
    public void AServerWarningHandlerSilencesTheServerLinesAndNothingElse()
    {
        var options = new ServerOptions { LogHandlers = [new LogHandlerSpec("", "INFO"), new LogHandlerSpec("odoo.service.server", "WARNING")] };

        var written = Emit(options, [(LoggerNames.Server, LogEventLevel.Warning), .. InfoOf(AllLoggerNames())]);

        Assert.Equal(
            ["odoo.service.server:WARNING", .. AllLoggerNames().Where(n => n != LoggerNames.Server).Select(n => n + ":INFO")],
            written);
        Assert.Contains("werkzeug:INFO", written);
        Assert.Contains("odoo.addons.bus.models.bus:INFO", written);
        Assert.Contains("odoo.addons.base.models.ir_cron:INFO", written);
    }

    [Fact]
    public void AnOdooWarningHandlerCoversEveryLoggerButTheRequestLines()
    {
        var options = new ServerOptions { LogHandlers = [new LogHandlerSpec("odoo", "WARNING")] };

        Assert.Equal(["werkzeug:INFO"], Emit(options, InfoOf(AllLoggerNames())));
    }

    [Fact]
    public void OnlyTheServerLifecycleLoggerIsUnderTheServersName()
    {
        Assert.Equal([LoggerNames.Server], AllLoggerNames().Where(n => n == "odoo.service.server" || n.StartsWith("odoo.service.server.", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("info", "odoo:INFO", "werkzeug:INFO")]
    [InlineData("test", "odoo:INFO", "werkzeug:INFO")]
    [InlineData("notset", "odoo:INFO", "werkzeug:INFO")]
    [InlineData("debug", "odoo:DEBUG", "werkzeug:INFO")]
    [InlineData("debug_rpc", "odoo:DEBUG", "werkzeug:INFO")]
    [InlineData("debug_rpc_answer", "odoo:DEBUG", "werkzeug:INFO")]
    [InlineData("debug_sql", "odoo:INFO", "werkzeug:INFO")]
    [InlineData("runbot", "odoo:WARNING", "werkzeug:WARNING")]
    [InlineData("warn", "odoo:WARNING", "werkzeug:WARNING")]
    [InlineData("error", "odoo:ERROR", "werkzeug:ERROR")]
    [InlineData("critical", "odoo:CRITICAL", "werkzeug:CRITICAL")]
    public void EachLogLevelPresetGivesOdoosLoggersAndWerkzeugOdoosLevels(string preset, string odoo, string werkzeug)
    {
        var options = new ServerOptions { LogLevel = preset };
        LogEventLevel[] levels = [LogEventLevel.Debug, LogEventLevel.Information, LogEventLevel.Warning, LogEventLevel.Error, LogEventLevel.Fatal];

        // The lowest level each logger lets through.
        string Lowest(string logger) =>
            logger + ":" + OdooLogFormatter.LevelName(levels.First(level => Emit(options, (logger, level)).Count == 1));

        Assert.Equal(odoo, Lowest("odoo"));
        Assert.Equal(odoo.Replace("odoo:", "odoo.service.server:", StringComparison.Ordinal), Lowest(LoggerNames.Server));
        Assert.Equal(odoo.Replace("odoo:", "odoo.addons.bus.models.bus:", StringComparison.Ordinal), Lowest(LoggerNames.Bus));
        Assert.Equal(werkzeug, Lowest(LoggerNames.Requests));
        // A logger outside odoo and werkzeug keeps the root's INFO whatever the preset, as in Odoo.
        Assert.Equal("bench:INFO", Lowest("bench"));
    }

    [Fact]
    public void TheDebugSqlPresetRaisesOnlyTheSqlLogger()
    {
        var written = Emit(new ServerOptions { LogLevel = "debug_sql" }, ("odoo.sql_db", LogEventLevel.Debug), (LoggerNames.Server, LogEventLevel.Debug));

        Assert.Equal(["odoo.sql_db:DEBUG"], written);
    }

    [Fact]
    public void AHandlerForOneLoggerBeatsThePresetForItsAncestor()
    {
        var options = new ServerOptions { LogLevel = "warn", LogHandlers = [new LogHandlerSpec("odoo.service.server", "INFO")] };

        var written = Emit(options, (LoggerNames.Server, LogEventLevel.Information), (LoggerNames.Bus, LogEventLevel.Information));

        Assert.Equal(["odoo.service.server:INFO"], written);
    }

    [Fact]
    public void ALaterEntryForTheSameLoggerWins()
    {
        var options = new ServerOptions { LogHandlers = [new LogHandlerSpec("odoo", "WARNING"), new LogHandlerSpec("odoo", "DEBUG")] };

        Assert.Equal(["odoo.addons.bus.models.bus:DEBUG"], Emit(options, (LoggerNames.Bus, LogEventLevel.Debug)));
    }

    [Fact]
    public void NotsetGivesALoggerBackItsAncestorsLevel()
    {
        // Python: a logger at NOTSET has no level of its own and takes its nearest ancestor's; the root at NOTSET lets all through.
        var options = new ServerOptions
        {
            LogHandlers = [new LogHandlerSpec("", "WARNING"), new LogHandlerSpec("odoo", "DEBUG"), new LogHandlerSpec("odoo", "NOTSET")],
        };
        Assert.Empty(Emit(options, (LoggerNames.Server, LogEventLevel.Information)));

        var root = new ServerOptions { LogHandlers = [new LogHandlerSpec("", "NOTSET")] };
        Assert.Single(Emit(root, (LoggerNames.Server, LogEventLevel.Verbose)));
    }

    [Fact]
    public void OdoosRpcLoggersKeepTheirInfoLevelUnderAnOdooWarningHandler()
    {
        // Odoo's default configuration names them, so odoo:WARNING does not reach them; mini-odoo must not log under them.
        var options = new ServerOptions { LogHandlers = [new LogHandlerSpec("odoo", "WARNING")] };

        Assert.Single(Emit(options, ("odoo.http.rpc.request", LogEventLevel.Information)));
        Assert.DoesNotContain(AllLoggerNames(), n => n.StartsWith("odoo.http.rpc", StringComparison.Ordinal));
    }
}
