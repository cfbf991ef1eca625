using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>The master tells its journal every start, recycle, kill and exit, with the reason it logs.</summary>
public sealed class PreforkMasterJournalTests
{
    private readonly RecordingJournal _journal = new();

    [Fact]
    public void ARecycleAndItsReplacementAreJournaled()
    {
        var h = new MasterHarness(workers: 1, journal: _journal);
        var pid = h.StartAllReady()[0];

        h.Say(pid, new WorkerMessage.Exiting("limit_request"));
        h.Tick();
        h.Exit(pid, 0);

        var replacement = h.Launcher.Started[1].Pid;
        Assert.Equal([$"started {pid}", $"recycling {pid} limit_request", $"started {replacement}", $"exited {pid} 0 expected"], _journal.Entries);
    }

    [Fact]
    public void AStopJournalsAndSignalsOnlyTheWorkersNotAlreadyGoing()
    {
        var h = new MasterHarness(workers: 2, journal: _journal);
        var pids = h.StartAllReady();
        h.Say(pids[0], new WorkerMessage.Exiting("limit_request"));
        h.Tick();
        var replacement = h.Launcher.Started[2].Pid;

        h.Signal(ProcessSignal.Int);
        h.Exit(pids[0], 0);

        Assert.Single(_journal.Entries, e => e.StartsWith($"recycling {pids[0]} ", StringComparison.Ordinal));
        Assert.Contains($"recycling {pids[1]} server stopping", _journal.Entries);
        Assert.Contains($"recycling {replacement} server stopping", _journal.Entries);
        Assert.Equal([(pids[1], ProcessSignal.Int), (replacement, ProcessSignal.Int)], h.Launcher.AllSignals);
        Assert.Contains($"WorkerHTTP ({pids[0]}) exited (limit_request), status 0", h.Log.Messages);
    }

    [Fact]
    public void AWatchdogKillAndAnUnexpectedDeathAreJournaled()
    {
        var h = new MasterHarness(workers: 2, timeReal: 30, journal: _journal);
        var pids = h.StartAllReady();
        h.Busy(pids[0]);
        h.Advance(TimeSpan.FromSeconds(30));

        h.Exit(pids[1], MasterHarness.KilledBy(ProcessSignal.Kill));

        Assert.Contains($"killed {pids[0]} limit_time_real (30s) reached during GET /web/login", _journal.Entries);
        Assert.Contains($"exited {pids[1]} 137 unexpected", _journal.Entries);
    }

    [Fact]
    public void AReloadRetiresTheOldGenerationThroughTheJournal()
    {
        var h = new MasterHarness(workers: 1, journal: _journal);
        var old = h.StartAllReady()[0];

        h.Signal(ProcessSignal.Hup);
        h.Tick();
        h.Ready(h.Launcher.Started[1].Pid);
        h.Tick();

        Assert.Contains($"recycling {old} replaced by generation 2", _journal.Entries);
    }

    [Fact]
    public void Sigusr1LogsTheWorkerTableAsSigquitDoes()
    {
        var h = new MasterHarness(workers: 1, journal: _journal);
        var pid = h.StartAllReady()[0];

        h.Signal(ProcessSignal.Usr1);

        Assert.Contains(h.Log.Messages, m => m.StartsWith("pid ", StringComparison.Ordinal) && m.EndsWith("activity", StringComparison.Ordinal));
        Assert.Contains(h.Log.Messages, m => m.StartsWith($"{pid} ", StringComparison.Ordinal) && m.Contains(" http ", StringComparison.Ordinal));
    }

    private sealed class RecordingJournal : ISupervisionJournal
    {
        public List<string> Entries { get; } = [];

        public void Started(WorkerHandle worker) => Entries.Add($"started {worker.Pid}");

        public void Recycling(WorkerHandle worker, string reason) => Entries.Add($"recycling {worker.Pid} {reason}");

        public void Killed(WorkerHandle worker, string reason) => Entries.Add($"killed {worker.Pid} {reason}");

        public void Exited(WorkerHandle worker, int exitCode, bool unexpected) =>
            Entries.Add($"exited {worker.Pid} {exitCode} {(unexpected ? "unexpected" : "expected")}");

        public string? LastExitInSlot(WorkerHandle worker) => null;
    }
}
