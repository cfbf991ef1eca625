using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace MiniOdooServer.Tests.Logging;

public sealed class OdooAccessLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 10, 0, 0, 123, TimeSpan.Zero);

    private static AccessLogEntry Entry(string path = "/web/health", string query = "", string client = "127.0.0.1", int status = 200, double milliseconds = 1.2) =>
        new(IPAddress.Parse(client), "GET", PathString.Empty, new PathString(path), new QueryString(query), "HTTP/1.1", status,
            TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>What the line was before issue 15: a werkzeug INFO event carrying the formatted line, through <see cref="OdooLogFormatter"/>.</summary>
    private static string Before(in AccessLogEntry entry, DateTimeOffset when)
    {
        var logEvent = new LogEvent(when.ToLocalTime(), LogEventLevel.Information, null, new MessageTemplateParser().Parse("{RequestLine}"),
        [
            new LogEventProperty("RequestLine", new ScalarValue(WerkzeugRequestLine.Format(entry, when))),
            new LogEventProperty(Constants.SourceContextPropertyName, new ScalarValue(LoggerNames.Requests)),
        ]);
        var text = new StringWriter();
        new OdooLogFormatter().Format(logEvent, text);
        return text.ToString();
    }

    [Fact]
    public void EachLineHasTheBytesOfTheLoggedEventItReplaces()
    {
        var time = new FakeTimeProvider(Start);
        var destination = new MemoryStream();
        var expected = new StringBuilder();
        using (var session = LoggingSetup.Create(new ServerOptions(), destination, time))
        {
            AccessLogEntry[] entries =
            [
                Entry(), Entry("/web/dataset/call_kw", "?model=res.partner&method=read", "::1", 500, 1234.5678),
                Entry("/é space", "?q=#x", "::ffff:10.0.0.1", 404, 0.4999), Entry("/" + new string('a', 3000), status: 414),
            ];
            // Milliseconds 123, then across seconds, minutes and a day: each line's two dates must be its own.
            TimeSpan[] steps = [TimeSpan.Zero, TimeSpan.FromMilliseconds(876), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(59.5), TimeSpan.FromHours(14)];
            foreach (var step in steps)
            {
                time.Advance(step);
                foreach (var entry in entries)
                {
                    session.AccessLog.Write(entry);
                    expected.Append(Before(entry, time.GetUtcNow()));
                }
            }
        }

        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(destination.ToArray()));
        Assert.Equal(Encoding.UTF8.GetBytes(expected.ToString()), destination.ToArray());
    }

    [Fact]
    public void AccessLinesAndOtherLinesKeepTheOrderTheyWereLoggedIn()
    {
        var destination = new MemoryStream();
        using (var session = LoggingSetup.Create(new ServerOptions(), destination, TimeProvider.System))
        {
            var server = session.CreateLogger(LoggerNames.Server);
            server.LogInformation("first");
            session.AccessLog.Write(Entry("/second"));
            session.CreateLogger(LoggerNames.Requests).LogWarning("third");
            session.AccessLog.Write(Entry("/fourth"));
            server.LogError("fifth");
        }

        var lines = Encoding.UTF8.GetString(destination.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Collection(lines,
            line => Assert.EndsWith("INFO ? odoo.service.server: first", line, StringComparison.Ordinal),
            line => Assert.Contains("INFO ? werkzeug: 127.0.0.1 - - [", line, StringComparison.Ordinal),
            line => Assert.EndsWith("WARNING ? werkzeug: third", line, StringComparison.Ordinal),
            line => Assert.Contains("\"GET /fourth HTTP/1.1\"", line, StringComparison.Ordinal),
            line => Assert.EndsWith("ERROR ? odoo.service.server: fifth", line, StringComparison.Ordinal));
        Assert.Contains("\"GET /second HTTP/1.1\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachThreadsLinesKeepTheirOrderAndNoLineIsCut()
    {
        var destination = new MemoryStream();
        const int Threads = 4, Lines = 2_000;
        using (var session = LoggingSetup.Create(new ServerOptions(), destination, TimeProvider.System))
        {
            var log = session.CreateLogger(LoggerNames.Http);
            await Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Run(() =>
            {
                for (var i = 0; i < Lines; i++)
                {
                    if (i % 10 == 0)
                    {
                        log.LogWarning("thread {Thread} line {Line}", thread, i);
                    }
                    else
                    {
                        session.AccessLog.Write(Entry($"/t{thread}/{i}"));
                    }
                }
            })));
        }

        var lines = Encoding.UTF8.GetString(destination.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Threads * Lines, lines.Length);
        for (var thread = 0; thread < Threads; thread++)
        {
            var seen = lines.Select(line => LineNumber(line, thread)).Where(n => n >= 0).ToList();
            Assert.Equal(Enumerable.Range(0, Lines), seen);
        }
    }

    /// <summary>The number of <paramref name="thread"/>'s line, whichever way it was written; -1 for another thread's.</summary>
    private static int LineNumber(string line, int thread)
    {
        var access = $"\"GET /t{thread}/";
        var at = line.IndexOf(access, StringComparison.Ordinal);
        if (at >= 0)
        {
            var start = at + access.Length;
            return int.Parse(line[start..line.IndexOf(' ', start)], System.Globalization.CultureInfo.InvariantCulture);
        }
        var logged = $"thread {thread} line ";
        return line.EndsWith(logged + line[(line.LastIndexOf(' ') + 1)..], StringComparison.Ordinal)
            ? int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)
            : -1;
    }

    /// <summary>(log_level, log_handler entries, whether request lines are written): Odoo's levels for the werkzeug logger.</summary>
    public static TheoryData<string, string[], bool> Levels => new()
    {
        { "info", [], true },
        { "info", ["werkzeug:WARNING"], false },
        { "info", [":WARNING"], false },
        { "info", [":WARNING", "werkzeug:DEBUG"], true },
        { "info", ["werkzeug:DEBUG", ":WARNING"], true },
        { "info", [":WARNING", "werkzeug:NOTSET"], false },
        { "info", [":DEBUG"], true },
        { "info", ["werkzeug:INFO"], true },
        { "info", ["werkzeug:RUNBOT"], false },
        { "info", ["werkzeug:ERROR", "werkzeug:INFO"], true },
        { "info", ["odoo:WARNING"], true },
        { "info", ["werkzeug.serving:WARNING"], true },
        { "warn", [], false },
        { "warn", ["werkzeug:INFO"], true },
        { "error", [], false },
        { "critical", [], false },
        { "runbot", [], false },
        { "debug", [], true },
        { "debug_sql", [":WARNING"], false },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public void RequestLinesFollowTheWerkzeugLoggersLevel(string logLevel, string[] handlers, bool written)
    {
        var options = new ServerOptions
        {
            LogLevel = logLevel,
            LogHandlers = handlers.Select(h => h.Split(':')).Select(h => new LogHandlerSpec(h[0], h[1])).ToList(),
        };
        var destination = new MemoryStream();
        using (var session = LoggingSetup.Create(options, destination, TimeProvider.System))
        {
            Assert.Equal(written, session.AccessLog.IsEnabled);
            // The same answer as any werkzeug line logged at INFO gets.
            Assert.Equal(written, session.CreateLogger(LoggerNames.Requests).IsEnabled(LogLevel.Information));
            session.AccessLog.Write(Entry());
        }

        Assert.Equal(written, destination.ToArray().Length > 0);
    }
}
