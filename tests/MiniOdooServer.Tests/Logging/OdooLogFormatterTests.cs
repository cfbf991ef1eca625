using System.Globalization;
using Microsoft.Extensions.Logging;
using MiniOdooServer.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Parsing;

namespace MiniOdooServer.Tests.Logging;

public sealed class OdooLogFormatterTests
{
    private static readonly string Pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    private static LogEvent Event(LogEventLevel level, string template, Exception? exception = null, params (string Name, object? Value)[] properties)
    {
        return new LogEvent(
            new DateTimeOffset(2026, 11, 25, 8, 0, 0, 123, TimeSpan.Zero),
            level,
            exception,
            new MessageTemplateParser().Parse(template),
            properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))));
    }

    private static string Format(LogEvent logEvent)
    {
        var output = new StringWriter();
        new OdooLogFormatter().Format(logEvent, output);
        return output.ToString();
    }

    [Fact]
    public void ALineReadsLikeOdoos()
    {
        var line = Format(Event(LogEventLevel.Information, "HTTP service (werkzeug) running on {Address}:{Port}", null,
            ("Address", "0.0.0.0"), ("Port", 8069), ("SourceContext", "odoo.service.server")));

        Assert.Equal($"2026-11-25 08:00:00,123 {Pid} INFO ? odoo.service.server: HTTP service (werkzeug) running on 0.0.0.0:8069\n", line);
    }

    [Fact]
    public void TheTimestampIsUtcWithMillisecondsWhateverTheEventsOffset()
    {
        // Serilog stamps events with the host's local offset; Odoo's lines are UTC. (The host's own zone is covered by
        // the functional TimeZoneTests, which start mini-odoo with TZ set.)
        var kolkata = new DateTimeOffset(2026, 1, 2, 8, 34, 5, 6, TimeSpan.FromHours(5.5));
        var logEvent = new LogEvent(kolkata, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"), []);

        Assert.StartsWith($"2026-01-02 03:04:05,006 {Pid} ", Format(logEvent), StringComparison.Ordinal);
    }

    [Fact]
    public void StringValuesAreWrittenWithoutQuotes()
    {
        var line = Format(Event(LogEventLevel.Information, "Configuration saved to {Path}", null, ("Path", "/etc/odoo/odoo.conf")));

        Assert.EndsWith(": Configuration saved to /etc/odoo/odoo.conf\n", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AFormatIsAppliedWithTheInvariantCulture()
    {
        var line = Format(Event(LogEventLevel.Information, "took {Seconds:0.000}", null, ("Seconds", 1.23456)));

        Assert.EndsWith(": took 1.235\n", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEventWithoutLoggerNameIsTheRootLoggers()
    {
        Assert.Contains(" INFO ? root: hello\n", Format(Event(LogEventLevel.Information, "hello")), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingPropertyIsWrittenAsItsPlaceholder()
    {
        Assert.EndsWith(": port {Port} busy\n", Format(Event(LogEventLevel.Error, "port {Port} busy")), StringComparison.Ordinal);
    }

    [Fact]
    public void AnExceptionFollowsTheLine()
    {
        var exception = new InvalidOperationException("boom");

        var text = Format(Event(LogEventLevel.Error, "failed", exception));

        Assert.StartsWith($"2026-11-25 08:00:00,123 {Pid} ERROR ? root: failed\nSystem.InvalidOperationException: boom\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, "DEBUG")]
    [InlineData(LogEventLevel.Debug, "DEBUG")]
    [InlineData(LogEventLevel.Information, "INFO")]
    [InlineData(LogEventLevel.Warning, "WARNING")]
    [InlineData(LogEventLevel.Error, "ERROR")]
    [InlineData(LogEventLevel.Fatal, "CRITICAL")]
    public void LevelsArePythonsNames(LogEventLevel level, string name)
    {
        Assert.Equal(name, OdooLogFormatter.LevelName(level));
        Assert.Contains($" {Pid} {name} ? ", Format(Event(level, "x")), StringComparison.Ordinal);
    }

    [Fact]
    public void ALineLoggedThroughMicrosoftExtensionsLoggingNamesItsCategory()
    {
        var sink = new CollectingSink();
        using var serilog = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        using var factory = new SerilogLoggerFactory(serilog);

        factory.CreateLogger("werkzeug").LogInformation("{Client} - - \"{RequestLine}\" {Status} -", "127.0.0.1", "GET /web/webclient/version_info HTTP/1.1", 200);

        Assert.Matches(
            $@"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d,\d{{3}} {Pid} INFO \? werkzeug: 127\.0\.0\.1 - - ""GET /web/webclient/version_info HTTP/1\.1"" 200 -\n$",
            Format(Assert.Single(sink.Events)));
    }
}
