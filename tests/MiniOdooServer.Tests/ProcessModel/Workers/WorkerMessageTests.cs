using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

public sealed class WorkerMessageTests
{
    public static TheoryData<WorkerMessage> Messages => new()
    {
        new WorkerMessage.Ready(),
        new WorkerMessage.Busy(DateTimeOffset.FromUnixTimeMilliseconds(1_736_000_000_123), "POST", "/web/dataset/call_kw?x=1 2"),
        new WorkerMessage.Idle(0),
        new WorkerMessage.Idle(65_536),
        new WorkerMessage.Exiting("limit_request (65536) reached"),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void FormatThenParseRoundTrips(WorkerMessage message)
    {
        var line = message.Format();

        Assert.DoesNotContain('\n', line);
        Assert.Equal(message, WorkerMessage.Parse(line));
    }

    [Fact]
    public void FormatsTheDocumentedLines()
    {
        Assert.Equal("ready", new WorkerMessage.Ready().Format());
        Assert.Equal("busy 1000 GET /", new WorkerMessage.Busy(DateTimeOffset.FromUnixTimeMilliseconds(1000), "GET", "/").Format());
        Assert.Equal("idle 7", new WorkerMessage.Idle(7).Format());
        Assert.Equal("exiting memory", new WorkerMessage.Exiting("memory").Format());
    }

    [Fact]
    public void NewlinesInAPathOrReasonCannotSplitTheLine()
    {
        var line = new WorkerMessage.Busy(DateTimeOffset.FromUnixTimeMilliseconds(1), "GET", "/a\nready\r").Format();

        Assert.Equal("busy 1 GET /a ready ", line);
        Assert.Equal("exiting a b", new WorkerMessage.Exiting("a\nb").Format());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("READY")]
    [InlineData("hello")]
    [InlineData("busy")]
    [InlineData("busy 12 GET")]
    [InlineData("busy notanumber GET /")]
    [InlineData("idle")]
    [InlineData("idle x")]
    [InlineData("idle 1 2")]
    [InlineData("exiting")]
    public void MalformedLinesParseToNull(string line)
    {
        Assert.Null(WorkerMessage.Parse(line));
    }
}
