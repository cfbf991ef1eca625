using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Scoreboards;

/// <summary>A writer stopped in the middle of a write (SIGSTOP, a debugger) must not hang the readers of the board.</summary>
public sealed class ScoreboardStuckWriterTests : IDisposable
{
    private readonly Scoreboard _board = Scoreboard.Create();

    public void Dispose() => _board.Dispose();

    [Fact]
    public void AHeaderHeldMidWriteFailsTheSnapshotAfterTheRetryBound()
    {
        _board.Header.BeginWrite();
        var patience = new SeqlockPatience(new FakeTimeProvider(), TimeSpan.FromSeconds(1), maxRetries: 50);

        var failure = Assert.Throws<ScoreboardUnreadableException>(() => _board.Snapshot(patience));

        Assert.Equal(50, patience.Retries);
        Assert.Contains("stayed in the middle of a write", failure.Message);
        Assert.Contains($"process {Environment.ProcessId}", failure.Message);
    }

    [Fact]
    public void AHeaderHeldMidWriteFailsTheSnapshotOnceThePatienceHasElapsed()
    {
        _board.Header.BeginWrite();
        var time = new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromMilliseconds(100) };
        var patience = new SeqlockPatience(time, TimeSpan.FromSeconds(1), maxRetries: int.MaxValue);

        Assert.Throws<ScoreboardUnreadableException>(() => _board.Snapshot(patience));

        Assert.InRange(patience.Retries, 1, 20);
    }

    [Fact]
    public void ASlotHeldMidWriteFailsTheSnapshotToo()
    {
        var slot = _board[_board.Claim()!.Value];
        slot.Assign(WorkerKind.Http, 1, DateTimeOffset.UnixEpoch);
        slot.BeginWrite();
        var patience = new SeqlockPatience(new FakeTimeProvider(), TimeSpan.FromSeconds(1), maxRetries: 30);

        Assert.Throws<ScoreboardUnreadableException>(() => _board.Snapshot(patience));
        Assert.Equal(30, patience.Retries);
    }

    [Fact]
    public void ASlotWhoseWorkerWasKilledMidWriteIsReadableOnceReleasedAndReused()
    {
        var index = _board.Claim()!.Value;
        _board[index].Assign(WorkerKind.Http, 1, DateTimeOffset.UnixEpoch);
        _board[index].BeginWrite(); // SIGKILL before EndWrite: the sequence stays odd

        _board.Release(index);

        Assert.Empty(_board.Snapshot(new SeqlockPatience(new FakeTimeProvider(), TimeSpan.FromSeconds(1), maxRetries: 0)).Slots);
        Assert.Equal(index, _board.Claim());
        _board[index].Assign(WorkerKind.Http, 2, DateTimeOffset.UnixEpoch);
        _board[index].Ready(4242);
        Assert.True(_board[index].TryRead(new SeqlockPatience(new FakeTimeProvider(), TimeSpan.FromSeconds(1), maxRetries: 0), out var activity));
        Assert.Equal((4242, 2, WorkerSlotState.Idle), (activity.Pid, activity.Generation, activity.State));
    }

    [Fact]
    public void AWriteThatEndsLetsTheSnapshotSucceed()
    {
        _board.Header.BeginWrite();
        _board.Header.EndWrite();

        var snapshot = _board.Snapshot(new SeqlockPatience(new FakeTimeProvider(), TimeSpan.FromSeconds(1), maxRetries: 0));

        Assert.Equal(Environment.ProcessId, snapshot.ServerPid);
    }
}
