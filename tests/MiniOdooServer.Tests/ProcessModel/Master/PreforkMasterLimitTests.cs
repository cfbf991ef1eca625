using System.Globalization;
using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>The watchdog (limit_time_real, boot timeout) and the critical exit status.</summary>
public sealed class PreforkMasterLimitTests
{
    [Fact]
    public void ABusyWorkerAtLimitTimeRealIsKilled()
    {
        var h = new MasterHarness(workers: 2, timeReal: 30);
        var pids = h.StartAllReady();
        h.Busy(pids[0]);

        h.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal([(pids[0], ProcessSignal.Kill)], h.Launcher.AllSignals);
        Assert.Contains((LogLevel.Error, $"WorkerHTTP ({pids[0]}) timeout after 30s"), h.Log.Entries);
    }

    [Fact]
    public void ABusyWorkerBelowLimitTimeRealIsLeftAlone()
    {
        var h = new MasterHarness(workers: 1, timeReal: 30);
        var pid = h.StartAllReady()[0];
        h.Busy(pid);

        h.Advance(TimeSpan.FromSeconds(29.9));

        Assert.Empty(h.Launcher.AllSignals);
        Assert.DoesNotContain(h.Log.Messages, m => m.Contains("timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void AWorkerThatWentIdleIsNotKilled()
    {
        var h = new MasterHarness(workers: 1, timeReal: 30);
        var pid = h.StartAllReady()[0];
        h.Busy(pid);
        h.Time.Advance(TimeSpan.FromSeconds(20));
        h.Idle(pid, served: 1);

        h.Advance(TimeSpan.FromSeconds(20));

        Assert.Empty(h.Launcher.AllSignals);
    }

    [Fact]
    public void TheWatchdogReadsTheRequestFromTheScoreboardOnItsTickWithoutAnyMessage()
    {
        var h = new MasterHarness(workers: 1, timeReal: 30);
        var pid = h.StartAllReady()[0];
        h.Busy(pid, "/bench/hang");
        h.Tick();
        Assert.Equal(WorkerState.Busy, h.Worker(pid).State);
        Assert.Equal("GET /bench/hang", h.Worker(pid).CurrentRequest);

        h.Idle(pid, served: 7);
        h.Tick();

        Assert.Equal(WorkerState.Idle, h.Worker(pid).State);
        Assert.Equal(7, h.Worker(pid).Served);
        Assert.Null(h.Worker(pid).CurrentRequest);
    }

    [Fact]
    public void LimitTimeRealZeroDisablesTheWatchdog()
    {
        var h = new MasterHarness(workers: 1, timeReal: 0);
        var pid = h.StartAllReady()[0];
        h.Busy(pid);

        h.Advance(TimeSpan.FromHours(5));

        Assert.Empty(h.Launcher.AllSignals);
    }

    [Fact]
    public void ATimedOutWorkerIsKilledOnceAndReplaced()
    {
        var h = new MasterHarness(workers: 1, timeReal: 30);
        var pid = h.StartAllReady()[0];
        h.Busy(pid);
        h.Advance(TimeSpan.FromSeconds(30));
        h.Advance(TimeSpan.FromSeconds(30));

        Assert.Single(h.Launcher.AllSignals);
        Assert.Equal(1, h.Log.Count($"WorkerHTTP ({pid}) timeout after 30s"));
        // Killed: it no longer counts, so a replacement starts without waiting for its exit.
        Assert.Equal(2, h.Launcher.Started.Count);

        h.Exit(pid, MasterHarness.KilledBy(ProcessSignal.Kill));
        Assert.Contains(h.Log.Messages, m => m.StartsWith($"WorkerHTTP ({pid}) exited (limit_time_real (30s) reached during GET /web/login), status 137", StringComparison.Ordinal));
    }

    [Fact]
    public void AWorkerStillBootingAfterSixtySecondsIsKilled()
    {
        var h = new MasterHarness(workers: 1);
        h.Tick();
        var pid = h.Pids[0];

        h.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(h.Launcher.AllSignals);

        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([(pid, ProcessSignal.Kill)], h.Launcher.AllSignals);
        Assert.Contains((LogLevel.Error, $"WorkerHTTP ({pid}) did not start accepting within 60s: killed; next start in 0.1s"), h.Log.Entries);
    }

    [Fact]
    public void AWorkerKilledForTheBootTimeoutIsReplacedOnlyAfterTheBackOff()
    {
        var h = new MasterHarness(workers: 1);
        h.Tick();
        var first = h.Pids[0];

        h.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal([(first, ProcessSignal.Kill)], h.Launcher.AllSignals);
        Assert.Single(h.Launcher.Started);
        h.Exit(first, MasterHarness.KilledBy(ProcessSignal.Kill));
        h.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Single(h.Launcher.Started);

        h.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, h.Launcher.Started.Count);
    }

    [Fact]
    public void BootTimeoutsDoubleTheBackOffLikeDeathsAtBootWithOneLogLinePerKill()
    {
        var h = new MasterHarness(workers: 1);
        h.Tick();
        double[] expected = [0.1, 0.2, 0.4, 0.8];

        foreach (var seconds in expected)
        {
            var pid = h.Pids.Single();
            var startedBefore = h.Launcher.Started.Count;
            h.Advance(TimeSpan.FromSeconds(60));
            h.Exit(pid, MasterHarness.KilledBy(ProcessSignal.Kill));

            h.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            Assert.Equal(startedBefore, h.Launcher.Started.Count);
            h.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(startedBefore + 1, h.Launcher.Started.Count);
            Assert.Single(h.Log.Messages, m => m.StartsWith($"WorkerHTTP ({pid}) did not start accepting", StringComparison.Ordinal));
            Assert.Contains($"WorkerHTTP ({pid}) did not start accepting within 60s: killed; next start in {seconds.ToString("0.0", CultureInfo.InvariantCulture)}s", h.Log.Messages);
        }
    }

    [Fact]
    public void AWorkerKilledAtTheBootTimeoutCountsOneBootFailureWhenItExits()
    {
        var h = new MasterHarness(workers: 1);
        h.Tick();
        var first = h.Pids.Single();
        h.Advance(TimeSpan.FromSeconds(60));
        Assert.True(h.Worker(first).BootFailed);

        h.Exit(first, MasterHarness.KilledBy(ProcessSignal.Kill));
        h.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(2, h.Launcher.Started.Count);
        Assert.DoesNotContain(h.Log.Messages, m => m.Contains("died before it could accept", StringComparison.Ordinal));

        // The next failure is the second: 0.2 s, not the 0.4 s of a third.
        h.Exit(h.Pids.Single(), ExitCodes.WorkerBootFailed);
        Assert.EndsWith("next start in 0.2s", h.Log.Messages.Last());
    }

    [Fact]
    public void ExitStatusThreeStopsTheWholeServer()
    {
        var h = new MasterHarness(workers: 3);
        var pids = h.StartAllReady();

        h.Exit(pids[1], ExitCodes.CriticalWorkerError);

        Assert.Contains((LogLevel.Critical, $"Critial worker error ({pids[1]})"), h.Log.Entries);
        Assert.Equal([(pids[0], ProcessSignal.Kill), (pids[2], ProcessSignal.Kill)], h.Launcher.AllSignals);
        Assert.Contains("Stopping forcefully", h.Log.Messages);

        h.Tick();
        Assert.Null(h.Master.ExitCode);
        Assert.Equal(3, h.Launcher.Started.Count); // nothing is respawned while stopping

        h.Exit(pids[0], MasterHarness.KilledBy(ProcessSignal.Kill));
        h.Tick();
        Assert.Null(h.Master.ExitCode);
        h.Exit(pids[2], MasterHarness.KilledBy(ProcessSignal.Kill));
        h.Tick();
        Assert.Equal(ExitCodes.CriticalWorkerError, h.Master.ExitCode);
    }

    [Fact]
    public void ExitStatusThreeFromABootingWorkerAlsoStopsTheServer()
    {
        var h = new MasterHarness(workers: 1);
        h.Tick();

        h.Exit(h.Pids[0], ExitCodes.CriticalWorkerError);
        h.Tick();

        Assert.Equal(ExitCodes.CriticalWorkerError, h.Master.ExitCode);
        Assert.Single(h.Launcher.Started);
    }

    [Fact]
    public void ExitStatusThreeDuringAGracefulStopStillEndsWithStatusThree()
    {
        var h = new MasterHarness(workers: 2);
        var pids = h.StartAllReady();
        h.Signal(ProcessSignal.Term);

        h.Exit(pids[0], ExitCodes.CriticalWorkerError);

        Assert.Contains((LogLevel.Critical, $"Critial worker error ({pids[0]})"), h.Log.Entries);
        Assert.Equal([ProcessSignal.Int, ProcessSignal.Kill], h.Launcher.Started[1].Signals);
        h.Exit(pids[1], MasterHarness.KilledBy(ProcessSignal.Kill));
        h.Tick();
        Assert.Equal(ExitCodes.CriticalWorkerError, h.Master.ExitCode);
    }
}
