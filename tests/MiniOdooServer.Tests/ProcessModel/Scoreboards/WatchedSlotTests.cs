using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Scoreboards;

public sealed class WatchedSlotTests : IDisposable
{
    private readonly Scoreboard _board = Scoreboard.Create();

    public void Dispose() => _board.Dispose();

    [Fact]
    public void AWorkerStoppedMidWriteKeepsItsLastReadingInsteadOfStallingTheMaster()
    {
        var index = _board.Claim()!.Value;
        var slot = _board[index];
        slot.Assign(WorkerKind.Http, 1, DateTimeOffset.UnixEpoch);
        slot.Ready(4242);
        slot.BeginRequest(timestamp: 7, DateTimeOffset.UnixEpoch, "GET", "/web/login");
        // Every reading of the clock moves it on 10 ms: the 20 ms patience is spent after a few retries.
        var watched = new WatchedSlot(_board, index, new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromMilliseconds(10) });
        Assert.Equal(WorkerSlotState.Busy, watched.Read().State);

        slot.BeginWrite(); // SIGSTOP in the middle of the next write

        var stuck = watched.Read();
        Assert.Equal((4242, WorkerSlotState.Busy, "GET /web/login"), (stuck.Pid, stuck.State, stuck.CurrentRequest));
    }
}
