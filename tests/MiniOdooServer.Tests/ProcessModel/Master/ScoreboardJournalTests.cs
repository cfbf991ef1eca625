using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>The master's journal in the scoreboard header: counters by reason, respawns, events, the previous occupant of a slot.</summary>
public sealed class ScoreboardJournalTests : IDisposable
{
    private readonly Scoreboard _board = Scoreboard.Create();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000));
    private readonly ScoreboardJournal _journal;
    private int _nextPid = 5000;

    public ScoreboardJournalTests()
    {
        _journal = new ScoreboardJournal(_board, _time);
    }

    public void Dispose() => _board.Dispose();

    [Fact]
    public void ARecycledWorkersSuccessorIsARespawnAndTheSlotNamesWhoLeft()
    {
        var old = Start(WorkerKind.Http);
        old.Ready();

        _journal.Recycling(old, "limit_request");
        Start(WorkerKind.Http);
        old.Retire("limit_request");
        _journal.Exited(old, 0, unexpected: false);

        var snapshot = _board.Snapshot();
        Assert.Equal(new ReasonCount(WorkerKind.Http, ExitReason.LimitRequest, 1), Assert.Single(snapshot.Recycles));
        Assert.Equal(1, snapshot.Respawns.Single(r => r.Kind == WorkerKind.Http).Count);
        Assert.Equal([SupervisionEventType.Recycled, SupervisionEventType.Respawned], snapshot.Events.Select(e => e.Type));
        Assert.Equal((ExitReason.LimitRequest, $"replaces {old.Pid}"), (snapshot.Events[1].Reason, snapshot.Events[1].Detail));
        Assert.Equal($"{old.Pid} limit_request", _journal.LastExitInSlot(Handle(old.Process.Slot!.Value)));
    }

    [Fact]
    public void AReloadsNewGenerationIsNoRespawn()
    {
        var old = Start(WorkerKind.Http);

        _journal.Recycling(old, "replaced by generation 2");
        Start(WorkerKind.Http, generation: 2);

        var snapshot = _board.Snapshot();
        Assert.Equal(ExitReason.Reload, Assert.Single(snapshot.Recycles).Reason);
        Assert.All(snapshot.Respawns, r => Assert.Equal(0, r.Count));
    }

    [Fact]
    public void AnUnexpectedDeathCountsAsACrashAndItsReplacementAsARespawn()
    {
        var dead = Start(WorkerKind.LongPolling);
        dead.Ready();

        _journal.Exited(dead, 137, unexpected: true);
        Start(WorkerKind.LongPolling);

        var snapshot = _board.Snapshot();
        Assert.Equal(1, snapshot.Crashes.Single(c => c.Kind == WorkerKind.LongPolling).Count);
        Assert.Equal(1, snapshot.Respawns.Single(c => c.Kind == WorkerKind.LongPolling).Count);
        var died = snapshot.Events[0];
        Assert.Equal((SupervisionEventType.Died, dead.Pid, ExitReason.Crash, "died (status 137)"), (died.Type, died.Pid, died.Reason, died.Detail));
    }

    [Fact]
    public void AKillAfterARecycleIsOneDeparture()
    {
        var worker = Start(WorkerKind.Http);

        _journal.Recycling(worker, "limit_memory_soft");
        _journal.Killed(worker, "limit_time_real (120s) reached during GET /slow");
        Start(WorkerKind.Http);
        Start(WorkerKind.Http);

        var snapshot = _board.Snapshot();
        Assert.Equal(new ReasonCount(WorkerKind.Http, ExitReason.LimitTimeReal, 1), Assert.Single(snapshot.Kills));
        Assert.Equal(1, snapshot.Respawns.Single(r => r.Kind == WorkerKind.Http).Count);
    }

    [Fact]
    public void TheEventRingKeepsTheLatestEvents()
    {
        var worker = Start(WorkerKind.Http);
        for (var i = 0; i < ScoreboardHeader.EventCapacity + 10; i++)
        {
            _journal.Killed(worker, $"boot timeout {i}");
        }

        var events = _board.Snapshot().Events;

        Assert.Equal(ScoreboardHeader.EventCapacity, events.Count);
        Assert.Equal($"boot timeout {ScoreboardHeader.EventCapacity + 9}", events[^1].Detail);
        Assert.Equal("boot timeout 10", events[0].Detail);
    }

    private WorkerHandle Start(WorkerKind kind, int generation = 1)
    {
        var slot = _board.Claim()!.Value;
        _board[slot].Assign(kind, generation, _time.GetUtcNow());
        var worker = new WorkerHandle(new SlottedProcess(_nextPid++, slot), kind, generation, _time.GetUtcNow());
        _journal.Started(worker);
        return worker;
    }

    private static WorkerHandle Handle(int slot) =>
        new(new SlottedProcess(1, slot), WorkerKind.Http, 1, DateTimeOffset.UnixEpoch);

    private sealed class SlottedProcess(int pid, int slot) : IWorkerProcess
    {
        public int Pid { get; } = pid;

        public int? Slot { get; } = slot;

        public void Signal(MiniOdooServer.ProcessModel.Signals.ProcessSignal signal)
        {
        }

        public WorkerActivity ReadActivity() => WorkerActivity.None;

        public void Dispose()
        {
        }
    }
}
