using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>Keeping the population: first start, respawn with back-off, self-retiring workers, TTIN/TTOU.</summary>
public sealed class PreforkMasterPopulationTests
{
    [Fact]
    public void FirstTickStartsTheHttpWorkersOfGenerationOneAndNothingElse()
    {
        var h = new MasterHarness(workers: 3);

        h.Tick();

        Assert.Equal(3, h.Launcher.Started.Count);
        Assert.All(h.Launcher.Started, p => Assert.Equal(WorkerKind.Http, p.Kind));
        Assert.All(h.Launcher.Started, p => Assert.Equal(1, p.Generation));
        Assert.All(h.Master.Workers, w => Assert.Equal(WorkerState.Booting, w.State));
        Assert.DoesNotContain(h.Launcher.Started, p => p.Kind is WorkerKind.Cron or WorkerKind.LongPolling);
        Assert.Equal(3, h.Master.HttpPopulation);
    }

    [Fact]
    public void TicksAfterTheFirstStartNoMoreWorkers()
    {
        var h = new MasterHarness(workers: 2);
        h.Tick();

        h.Tick();
        h.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(2, h.Launcher.Started.Count);
    }

    [Fact]
    public void ReadyMakesABootingWorkerIdle()
    {
        var h = new MasterHarness(workers: 1);
        h.Tick();
        var pid = h.Pids[0];

        h.Ready(pid);

        Assert.Equal(WorkerState.Idle, h.Worker(pid).State);
        Assert.True(h.Worker(pid).WasReady);
    }

    [Fact]
    public void AWorkerThatDiesAfterReadyIsReplacedAtTheNextTickWithoutDelay()
    {
        var h = new MasterHarness(workers: 2);
        var pids = h.StartAllReady();

        h.Exit(pids[0], 1);
        Assert.Single(h.Master.Workers);
        Assert.True(h.Process(pids[0]).Disposed, "its scoreboard slot is given back");
        h.Tick();

        Assert.Equal(3, h.Launcher.Started.Count);
        Assert.Equal(2, h.Master.Workers.Count);
        Assert.Contains(h.Log.Entries, e => e.Level == LogLevel.Warning && e.Message == $"WorkerHTTP ({pids[0]}) died unexpectedly (status 1); replacing it");
    }

    [Fact]
    public void AWorkerThatDiesBeforeReadyIsReplacedOnlyAfterTheBackOff()
    {
        var h = new MasterHarness(workers: 1);
        h.Tick();
        var first = h.Pids[0];

        h.Exit(first, ExitCodes.WorkerBootFailed);
        h.Tick();
        Assert.Single(h.Launcher.Started);
        Assert.Contains($"WorkerHTTP ({first}) died before it could accept (status 4); next start in 0.1s", h.Log.Messages);

        h.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Single(h.Launcher.Started);

        h.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, h.Launcher.Started.Count);
    }

    [Fact]
    public void TheBackOffDoublesWithEachBootFailureUpToTenSeconds()
    {
        var h = new MasterHarness(workers: 1);
        h.Tick();
        double[] expected = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10, 10];

        foreach (var seconds in expected)
        {
            var pid = h.Pids.Single();
            var startedBefore = h.Launcher.Started.Count;
            h.Exit(pid, ExitCodes.WorkerBootFailed);

            h.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(startedBefore, h.Launcher.Started.Count);
            h.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(startedBefore + 1, h.Launcher.Started.Count);
        }
    }

    [Fact]
    public void ReadyResetsTheBackOff()
    {
        var h = new MasterHarness(workers: 1);
        h.Tick();
        h.Exit(h.Pids.Single(), ExitCodes.WorkerBootFailed);
        h.Advance(TimeSpan.FromMilliseconds(100));
        h.Exit(h.Pids.Single(), ExitCodes.WorkerBootFailed);
        h.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(3, h.Launcher.Started.Count);

        h.Ready(h.Pids.Single());
        h.Exit(h.Pids.Single(), 1);
        h.Tick();
        Assert.Equal(4, h.Launcher.Started.Count);

        // After the reset a boot failure waits 0.1 s again, not 0.4 s.
        h.Exit(h.Pids.Single(), ExitCodes.WorkerBootFailed);
        h.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(5, h.Launcher.Started.Count);
        Assert.EndsWith("next start in 0.1s", h.Log.Messages.Last(m => m.Contains("died before", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnExitingWorkerStopsCountingAndIsReplacedBeforeItExits()
    {
        var h = new MasterHarness(workers: 2);
        var pids = h.StartAllReady();

        h.Say(pids[0], new WorkerMessage.Exiting("limit_request (100) reached"));
        Assert.Equal(WorkerState.Retiring, h.Worker(pids[0]).State);
        Assert.Contains($"WorkerHTTP ({pids[0]}) recycling: limit_request (100) reached", h.Log.Messages);

        h.Tick();
        Assert.Equal(3, h.Launcher.Started.Count);
        Assert.Equal(3, h.Master.Workers.Count);
        Assert.Empty(h.Launcher.AllSignals);

        h.Exit(pids[0], 0);
        h.Tick();
        Assert.Equal(3, h.Launcher.Started.Count);
        Assert.Contains(h.Log.Entries, e => e.Level == LogLevel.Information && e.Message == $"WorkerHTTP ({pids[0]}) exited (limit_request (100) reached), status 0");
    }

    [Fact]
    public void TtinAddsOneWorker()
    {
        var h = new MasterHarness(workers: 2);
        h.StartAllReady();

        h.Signal(ProcessSignal.Ttin);
        h.Tick();

        Assert.Equal(3, h.Master.HttpPopulation);
        Assert.Equal(3, h.Launcher.Started.Count);
        Assert.Contains("HTTP workers: 3 (SIGTTIN)", h.Log.Messages);
    }

    [Fact]
    public void TtouRemovesOneWorkerPreferablyAnIdleOne()
    {
        var h = new MasterHarness(workers: 3);
        var pids = h.StartAllReady();
        h.Busy(pids[0]);
        h.Busy(pids[2]);

        h.Signal(ProcessSignal.Ttou);
        h.Tick();

        Assert.Equal(2, h.Master.HttpPopulation);
        Assert.Equal([(pids[1], ProcessSignal.Int)], h.Launcher.AllSignals);
        Assert.Equal(WorkerState.Retiring, h.Worker(pids[1]).State);
        Assert.Equal(3, h.Launcher.Started.Count);
        Assert.Contains("HTTP workers: 2 (SIGTTOU)", h.Log.Messages);
    }

    [Fact]
    public void TtouNeverGoesBelowOneWorker()
    {
        var h = new MasterHarness(workers: 2);
        h.StartAllReady();

        h.Signal(ProcessSignal.Ttou);
        h.Signal(ProcessSignal.Ttou);
        h.Signal(ProcessSignal.Ttou);
        h.Tick();

        Assert.Equal(1, h.Master.HttpPopulation);
        Assert.Single(h.Launcher.AllSignals);
        Assert.Equal(2, h.Log.Count("HTTP workers stay at 1: the last one is not removed"));
    }

    [Fact]
    public void UnknownPidsAreIgnored()
    {
        var h = new MasterHarness(workers: 1);
        h.StartAllReady();

        h.Exit(12345, 3);
        h.Say(12345, new WorkerMessage.Ready());
        h.Tick();

        Assert.Null(h.Master.ExitCode);
        Assert.Single(h.Master.Workers);
    }
}
