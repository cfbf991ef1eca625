using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>
/// The longpolling worker as the master keeps it: one of it, replaced when it dies or its heartbeat stops, its requests
/// never timed, reloaded, stopped.
/// </summary>
public sealed class PreforkMasterLongPollingTests
{
    private static int LongPollingCount(MasterHarness h) =>
        h.Master.Workers.Count(w => w.Kind == WorkerKind.LongPolling && w.State != WorkerState.Retiring);

    [Fact]
    public void TheMasterStartsOneLongpollingWorkerBesideTheHttpWorkers()
    {
        var h = new MasterHarness(workers: 2, longPolling: true);

        h.Tick();

        Assert.Equal(2, h.Launcher.Started.Count(p => p.Kind == WorkerKind.Http));
        Assert.Single(h.Launcher.Started, p => p.Kind == WorkerKind.LongPolling);
    }

    [Fact]
    public void WithoutAGeventSocketThereIsNoLongpollingWorker()
    {
        var h = new MasterHarness(workers: 2, longPolling: false);

        h.Tick();

        Assert.DoesNotContain(h.Launcher.Started, p => p.Kind == WorkerKind.LongPolling);
    }

    [Fact]
    public void ALongpollingWorkerThatDiesIsReplacedAtOnce()
    {
        var h = new MasterHarness(workers: 1, longPolling: true);
        h.StartAllReady();
        var first = h.Master.Workers.Single(w => w.Kind == WorkerKind.LongPolling).Pid;

        h.Exit(first, MasterHarness.KilledBy(ProcessSignal.Kill));
        h.Tick();

        var second = h.Master.Workers.Single(w => w.Kind == WorkerKind.LongPolling).Pid;
        Assert.NotEqual(first, second);
        Assert.Contains(h.Log.Messages, l => l.Contains($"WorkerLongPolling ({first}) died unexpectedly"));
    }

    [Fact]
    public void LimitTimeRealNeverAppliesToTheLongpollingWorker()
    {
        var h = new MasterHarness(workers: 1, timeReal: 5, longPolling: true);
        h.StartAllReady();
        var longPolling = h.Master.Workers.Single(w => w.Kind == WorkerKind.LongPolling);
        h.Busy(longPolling.Pid, "/websocket");

        for (var second = 0; second < 600; second++)
        {
            h.Beat(longPolling.Pid);
            h.Advance(WorkerHeartbeat.Interval);
        }

        Assert.Empty(h.Launcher.Started.Single(p => p.Pid == longPolling.Pid).Signals);
        Assert.Equal(1, LongPollingCount(h));
    }

    [Fact]
    public void AReloadReplacesTheLongpollingWorkerOnlyOnceTheNewOneIsReady()
    {
        var h = new MasterHarness(workers: 1, longPolling: true);
        h.StartAllReady();
        var old = h.Master.Workers.Single(w => w.Kind == WorkerKind.LongPolling).Pid;

        h.Signal(ProcessSignal.Hup);
        h.Tick();
        var fresh = h.Launcher.OfGeneration(2).Single(p => p.Kind == WorkerKind.LongPolling).Pid;
        Assert.Empty(h.Launcher.Started.Single(p => p.Pid == old).Signals);
        foreach (var pid in h.Launcher.OfGeneration(2).Select(p => p.Pid))
        {
            h.Ready(pid);
        }
        h.Tick();

        Assert.Equal([ProcessSignal.Int], h.Launcher.Started.Single(p => p.Pid == old).Signals);
        Assert.Empty(h.Launcher.Started.Single(p => p.Pid == fresh).Signals);
    }

    [Fact]
    public void AGracefulStopAsksTheLongpollingWorkerToStopLikeTheOthers()
    {
        var h = new MasterHarness(workers: 1, longPolling: true);
        h.StartAllReady();

        h.Signal(ProcessSignal.Term);

        Assert.All(h.Launcher.Started, p => Assert.Equal([ProcessSignal.Int], p.Signals));
        foreach (var pid in h.Pids)
        {
            h.Exit(pid, 0);
        }
        h.Tick();
        Assert.Equal(0, h.Master.ExitCode);
    }
}
