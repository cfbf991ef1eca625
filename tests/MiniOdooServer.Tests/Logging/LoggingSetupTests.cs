using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace MiniOdooServer.Tests.Logging;

public sealed class LoggingSetupTests
{
    [Theory]
    [InlineData("info", LogEventLevel.Information)]
    [InlineData("debug", LogEventLevel.Debug)]
    [InlineData("debug_rpc", LogEventLevel.Debug)]
    [InlineData("debug_sql", LogEventLevel.Debug)]
    [InlineData("debug_rpc_answer", LogEventLevel.Debug)]
    [InlineData("warn", LogEventLevel.Warning)]
    [InlineData("error", LogEventLevel.Error)]
    [InlineData("critical", LogEventLevel.Fatal)]
    [InlineData("notset", LogEventLevel.Verbose)]
    [InlineData("test", LogEventLevel.Information)]
    [InlineData("runbot", LogEventLevel.Information)]
    public void LogLevelPresetsMapToSerilogLevels(string preset, LogEventLevel expected)
    {
        Assert.Equal(expected, LoggingSetup.PresetLevel(preset));
    }

    [Theory]
    [InlineData("DEBUG", LogEventLevel.Debug)]
    [InlineData("INFO", LogEventLevel.Information)]
    [InlineData("WARNING", LogEventLevel.Warning)]
    [InlineData("WARN", LogEventLevel.Warning)]
    [InlineData("ERROR", LogEventLevel.Error)]
    [InlineData("CRITICAL", LogEventLevel.Fatal)]
    [InlineData("NOTSET", LogEventLevel.Verbose)]
    public void PythonLevelNamesMapToSerilogLevels(string name, LogEventLevel expected)
    {
        Assert.Equal(expected, LoggingSetup.ToSerilog(name));
    }

    [Fact]
    public void EveryLevelAHandlerAcceptsHasAMapping()
    {
        // A level the syntax accepts but the mapping does not know would silently fall back to INFO.
        foreach (var name in MiniOdooServer.Configuration.Values.LogHandlerSyntax.Levels.Where(l => l != "INFO"))
        {
            Assert.NotEqual(LogEventLevel.Information, LoggingSetup.ToSerilog(name));
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
            ("odoo.service.server", LogEventLevel.Information), ("bench", LogEventLevel.Information));

        Assert.Equal(["werkzeug:WARNING", "odoo.service.server:INFO", "bench:INFO"], written);
    }

    [Fact]
    public void AHandlerAppliesToChildLoggersButNotToSiblingNames()
    {
        var options = new ServerOptions { LogHandlers = [new LogHandlerSpec("odoo.http", "DEBUG")] };

        var written = Emit(options,
            ("odoo.http.transport", LogEventLevel.Debug), ("odoo.httpx", LogEventLevel.Debug), ("odoo.addons.base.models.ir_cron", LogEventLevel.Debug));

        Assert.Equal(["odoo.http.transport:DEBUG"], written);
    }

    [Fact]
    public void TheWarnPresetSilencesOdooAndWerkzeugInfo()
    {
        var written = Emit(new ServerOptions { LogLevel = "warn" },
            ("werkzeug", LogEventLevel.Information), ("odoo.service.server", LogEventLevel.Information),
            ("odoo.service.server", LogEventLevel.Warning));

        Assert.Equal(["odoo.service.server:WARNING"], written);
    }

    [Fact]
    public void AHandlerBeatsTheLogLevelPreset()
    {
        // Odoo applies log_level's pseudo-handlers first and log_handler entries after them.
        var options = new ServerOptions { LogLevel = "warn", LogHandlers = [new LogHandlerSpec("werkzeug", "INFO")] };

        var written = Emit(options, ("werkzeug", LogEventLevel.Information), ("odoo", LogEventLevel.Information));

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
}
