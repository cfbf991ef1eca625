using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>
/// The watchdog on idle workers: a worker whose heartbeat stopped (stopped, deadlocked, starved of threads) is killed
/// once the silence reaches its limit_time_real, as Odoo's watchdog pipe does; one that keeps beating lives.
/// </summary>
public sealed class PreforkMasterHeartbeatTests
{
    [Fact]
    public void AnIdleWorkerSilentForLimitTimeRealIsKilledAndTheExitSaysWhy()
    {
        var h = new MasterHarness(workers: 2, timeReal: 30);
        var pids = h.StartAllReady();
        h.Beat(pids[0]);
        h.Beat(pids[1]);

        h.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Empty(h.Launcher.AllSignals);
        h.Beat(pids[1]);
        h.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal([(pids[0], ProcessSignal.Kill)], h.Launcher.AllSignals);
        Assert.Contains((LogLevel.Error, $"WorkerHTTP ({pids[0]}) timeout after 30s"), h.Log.Entries);
        h.Exit(pids[0], MasterHarness.KilledBy(ProcessSignal.Kill));
        Assert.Contains(h.Log.Messages, m => m == $"WorkerHTTP ({pids[0]}) exited (limit_time_real (30s) reached while idle: no heartbeat), status 137");
    }

    [Fact]
    public void AnIdleWorkerThatKeepsBeatingLives()
    {
        var h = new MasterHarness(workers: 1, timeReal: 30);
        var pid = h.StartAllReady()[0];

        for (var second = 0; second < 120; second++)
        {
            h.Beat(pid);
            h.Advance(WorkerHeartbeat.Interval);
        }

        Assert.Empty(h.Launcher.AllSignals);
    }

    [Fact]
    public void WithAShortLimitSilenceCountsOnlyFromFiveSeconds()
    {
        var h = new MasterHarness(workers: 1, timeReal: 1);
        var pid = h.StartAllReady()[0];
        h.Beat(pid);

        h.Advance(Watchdog.ShortestSilence - TimeSpan.FromMilliseconds(100));
        Assert.Empty(h.Launcher.AllSignals);
        h.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal([(pid, ProcessSignal.Kill)], h.Launcher.AllSignals);
    }

    [Fact]
    public void WithoutALimitOrBeforeTheFirstBeatSilenceKillsNoOne()
    {
        var unlimited = new MasterHarness(workers: 1, timeReal: 0);
        unlimited.Beat(unlimited.StartAllReady()[0]);
        var neverBeat = new MasterHarness(workers: 1, timeReal: 30);
        neverBeat.StartAllReady();

        unlimited.Advance(TimeSpan.FromHours(1));
        neverBeat.Advance(TimeSpan.FromHours(1));

        Assert.Empty(unlimited.Launcher.AllSignals);
        Assert.Empty(neverBeat.Launcher.AllSignals);
    }

    [Fact]
    public void AnIdleCronWorkerSilentForLimitTimeRealCronIsKilled()
    {
        var h = new MasterHarness(workers: 1, timeReal: 120, cronWorkers: 1, timeRealCron: 10);
        h.StartAllReady();
        var cron = h.Launcher.Started.Single(p => p.Kind == WorkerKind.Cron).Pid;
        foreach (var pid in h.Pids)
        {
            h.Beat(pid);
        }

        h.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([(cron, ProcessSignal.Kill)], h.Launcher.AllSignals);
        Assert.Contains((LogLevel.Error, $"WorkerCron ({cron}) timeout after 10s"), h.Log.Entries);
    }
}
