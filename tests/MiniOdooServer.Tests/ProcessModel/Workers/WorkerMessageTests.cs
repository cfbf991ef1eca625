using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

public sealed class WorkerMessageTests
{
    public static TheoryData<WorkerMessage> Messages => new()
    {
        new WorkerMessage.Ready(),
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
        Assert.Equal("exiting memory", new WorkerMessage.Exiting("memory").Format());
    }

    [Fact]
    public void NewlinesInAReasonCannotSplitTheLine()
    {
        var line = new WorkerMessage.Exiting("a\nready\r").Format();

        Assert.Equal("exiting a ready ", line);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("READY")]
    [InlineData("hello")]
    [InlineData("ready now")]
    [InlineData("busy 12 GET /")]
    [InlineData("idle 1")]
    [InlineData("exiting")]
    [InlineData("exiting ")]
    public void MalformedLinesParseToNull(string line)
    {
        Assert.Null(WorkerMessage.Parse(line));
    }
}
