using MiniOdooServer.App.Monitoring;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ScoreboardBridge;

namespace MiniOdooServer.Tests.ScoreboardBridge;

/// <summary>What the readers of a board stuck mid-write answer: a clear failure, not a hang.</summary>
public sealed class StuckScoreboardAnswersTests
{
    [Fact]
    public void TheStatusSourceReportsTheBoardAsUnavailable()
    {
        using var board = Scoreboard.Create();
        board.Header.BeginWrite();

        var failure = Assert.Throws<ServerStatusUnavailableException>(() => new ScoreboardStatusSource(board, TimeProvider.System).Read());

        Assert.Contains("stayed in the middle of a write", failure.Message);
    }
}
