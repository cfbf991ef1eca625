using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>
/// The watchdog on the longpolling worker, which Odoo does not watch: its requests are unbounded, so a silence of its
/// heartbeat for limit_time_heartbeat_gevent — stopped, or its health check failing — gets it killed and replaced,
/// whatever its connections are doing and whatever limit_time_real says.
/// </summary>
public sealed class PreforkMasterLongPollingHeartbeatTests
{
    private static int LongPollingPid(MasterHarness h) =>
        h.Master.Workers.Single(w => w.Kind == WorkerKind.LongPolling && w.State != WorkerState.Retiring).Pid;

    [Fact]
    public void ASilentLongpollingWorkerIsKilledAtTheBoundReplacedAndTheExitSaysWhy()
    {
        var h = new MasterHarness(workers: 1, longPolling: true, heartbeatGevent: 30);
        h.StartAllReady();
        var silent = LongPollingPid(h);
        foreach (var pid in h.Pids)
        {
            h.Beat(pid);
        }

        h.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Empty(h.Launcher.AllSignals);
        h.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal([(silent, ProcessSignal.Kill)], h.Launcher.AllSignals);
        Assert.Contains((LogLevel.Error, $"WorkerLongPolling ({silent}) timeout after 30s"), h.Log.Entries);
        var replacement = LongPollingPid(h);
        Assert.NotEqual(silent, replacement);
        h.Exit(silent, MasterHarness.KilledBy(ProcessSignal.Kill));
        Assert.Contains(h.Log.Messages, m => m == $"WorkerLongPolling ({silent}) exited (limit_time_heartbeat_gevent (30s) reached: no heartbeat), status 137");
    }

    [Fact]
    public void ABusyLongpollingWorkerIsWatchedByItsHeartbeatNotByLimitTimeReal()
    {
        var h = new MasterHarness(workers: 1, timeReal: 600, longPolling: true, heartbeatGevent: 30);
        h.StartAllReady();
        var pid = LongPollingPid(h);
        h.Beat(pid);
        h.Busy(pid, "/websocket");

        h.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([ProcessSignal.Kill], h.Process(pid).Signals);
    }

    [Fact]
    public void ALongpollingWorkerThatKeepsBeatingLivesThroughItsLongestConnections()
    {
        var h = new MasterHarness(workers: 1, longPolling: true, heartbeatGevent: 30);
        h.StartAllReady();
        var pid = LongPollingPid(h);
        h.Busy(pid, "/websocket");

        for (var second = 0; second < 3600; second++)
        {
            h.Beat(pid);
            h.Advance(WorkerHeartbeat.Interval);
        }

        Assert.Empty(h.Process(pid).Signals);
    }

    [Fact]
    public void ABoundUnderFiveSecondsCountsFromFiveSeconds()
    {
        var h = new MasterHarness(workers: 1, longPolling: true, heartbeatGevent: 1);
        h.StartAllReady();
        var pid = LongPollingPid(h);
        h.Beat(pid);

        h.Advance(Watchdog.ShortestSilence - TimeSpan.FromMilliseconds(100));
        Assert.Empty(h.Process(pid).Signals);
        h.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal([ProcessSignal.Kill], h.Process(pid).Signals);
    }

    [Fact]
    public void ZeroOrNoBeatYetKillsNoLongpollingWorker()
    {
        var disabled = new MasterHarness(workers: 1, longPolling: true, heartbeatGevent: 0);
        disabled.StartAllReady();
        disabled.Beat(LongPollingPid(disabled));
        var neverBeat = new MasterHarness(workers: 1, timeReal: 0, longPolling: true, heartbeatGevent: 30);
        neverBeat.StartAllReady();

        disabled.Advance(TimeSpan.FromHours(1));
        neverBeat.Advance(TimeSpan.FromHours(1));

        Assert.Empty(disabled.Launcher.AllSignals);
        Assert.Empty(neverBeat.Launcher.AllSignals);
    }

    [Fact]
    public void TheDefaultBoundIsAMinuteWhateverLimitTimeRealSays()
    {
        Assert.Equal(60, new LimitOptions { TimeReal = 5 }.TimeHeartbeatGevent);
        var h = new MasterHarness(workers: 1, timeReal: 0, longPolling: true);
        h.StartAllReady();
        var pid = LongPollingPid(h);
        h.Beat(pid);

        h.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(h.Process(pid).Signals);
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([ProcessSignal.Kill], h.Process(pid).Signals);
    }
}
