using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.ScoreboardBridge;

namespace MiniOdooServer.Tests.ScoreboardBridge;

public sealed class ScoreboardStatusSourceTests
{
    [Fact]
    public void ACronWorkerShowsTheJobsItRanAsServed()
    {
        using var board = Scoreboard.Create();
        var slot = board[board.Claim()!.Value];
        slot.Assign(WorkerKind.Cron, 1, TimeProvider.System.GetUtcNow());
        slot.Ready(4242);
        for (var run = 1; run <= 3; run++)
        {
            slot.BeginRequest(TimeProvider.System.GetTimestamp(), TimeProvider.System.GetUtcNow(), "CRON", "heartbeat");
            slot.EndRequest(run, 1 << 20, TimeSpan.Zero);
        }

        var status = new ScoreboardStatusSource(board, TimeProvider.System).Read();

        var cron = Assert.Single(status.Processes);
        Assert.Equal("cron", cron.Role);
        Assert.Equal(3, cron.Served);
        // Jobs are not HTTP requests: the request totals stay empty.
        Assert.Equal(0, status.TotalRequests);
    }
}
