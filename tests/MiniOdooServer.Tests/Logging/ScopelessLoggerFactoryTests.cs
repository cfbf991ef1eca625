using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace MiniOdooServer.Tests.Logging;

public sealed class ScopelessLoggerFactoryTests
{
    [Fact]
    public void EachCategoryGetsOneLoggerHowEverOftenItIsAskedFor()
    {
        using var factory = Create(new CollectingSink());

        Assert.Same(factory.CreateLogger(LoggerNames.WebSocket), factory.CreateLogger(LoggerNames.WebSocket));
        Assert.NotSame(factory.CreateLogger(LoggerNames.WebSocket), factory.CreateLogger("werkzeug"));
    }

    [Fact]
    public void ScopesAreNotKeptAndLinesStillReachTheSinkWithTheirCategory()
    {
        var sink = new CollectingSink();
        using var factory = Create(sink);
        var log = factory.CreateLogger(LoggerNames.Http);

        using (var scope = log.BeginScope("connection {Id}", 7))
        {
            Assert.Null(scope);
            log.LogWarning("served {Count}", 3);
        }

        var line = Assert.Single(sink.Events);
        Assert.Equal(LogEventLevel.Warning, line.Level);
        Assert.Equal("\"odoo.http\"", line.Properties["SourceContext"].ToString());
        Assert.False(line.Properties.ContainsKey("Id"));
    }

    private static ScopelessLoggerFactory Create(CollectingSink sink) =>
        new(new SerilogLoggerFactory(new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(sink).CreateLogger(), dispose: true));
}
