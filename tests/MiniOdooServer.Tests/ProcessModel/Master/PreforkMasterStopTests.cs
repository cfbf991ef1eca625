using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>SIGINT/SIGTERM stops, graceful then forceful, and the SIGQUIT worker table.</summary>
public sealed class PreforkMasterStopTests
{
    [Theory]
    [InlineData(ProcessSignal.Int)]
    [InlineData(ProcessSignal.Term)]
    public void AGracefulStopSendsSigintToEveryWorkerAndEndsWithStatusZero(ProcessSignal signal)
    {
        var h = new MasterHarness(workers: 2);
        var pids = h.StartAllReady();

        h.Signal(signal);
        h.Tick();

        Assert.Equal([(pids[0], ProcessSignal.Int), (pids[1], ProcessSignal.Int)], h.Launcher.AllSignals);
        Assert.Contains((LogLevel.Information, "Stopping gracefully"), h.Log.Entries);
        Assert.Equal(2, h.Launcher.Started.Count);

        h.Exit(pids[0], 0);
        h.Tick();
        Assert.Null(h.Master.ExitCode);
        h.Exit(pids[1], 0);
        h.Tick();
        Assert.Equal(ExitCodes.Success, h.Master.ExitCode);
        Assert.DoesNotContain("Stopping forcefully", h.Log.Messages);
    }

    [Fact]
    public void WorkersThatDoNotExitWithinLimitTimeRealAreKilled()
    {
        var h = new MasterHarness(workers: 2, timeReal: 30);
        var pids = h.StartAllReady();
        h.Signal(ProcessSignal.Term);
        h.Exit(pids[0], 0);

        h.Advance(TimeSpan.FromSeconds(29));
        Assert.DoesNotContain(h.Launcher.AllSignals, s => s.Signal == ProcessSignal.Kill);

        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([ProcessSignal.Int, ProcessSignal.Kill], h.Launcher.Started[1].Signals);
        Assert.Contains("Stopping forcefully", h.Log.Messages);

        h.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(h.Launcher.AllSignals, s => s.Signal == ProcessSignal.Kill);

        h.Exit(pids[1], MasterHarness.KilledBy(ProcessSignal.Kill));
        h.Tick();
        Assert.Equal(ExitCodes.Success, h.Master.ExitCode);
    }

    [Fact]
    public void ASecondSigtermDuringTheStopKillsAtOnce()
    {
        var h = new MasterHarness(workers: 2);
        var pids = h.StartAllReady();
        h.Signal(ProcessSignal.Term);

        h.Signal(ProcessSignal.Term);

        Assert.Contains((LogLevel.Warning, "Forced shutdown."), h.Log.Entries);
        Assert.All(h.Launcher.Started, p => Assert.Equal([ProcessSignal.Int, ProcessSignal.Kill], p.Signals));
        h.Exit(pids[0], 137);
        h.Exit(pids[1], 137);
        h.Tick();
        Assert.Equal(ExitCodes.Success, h.Master.ExitCode);
    }

    [Fact]
    public void WithoutLimitTimeRealTheStopWaitsForBusyWorkersUntilASecondSignalKillsThem()
    {
        var h = new MasterHarness(workers: 2, timeReal: 0);
        var pids = h.StartAllReady();
        h.Busy(pids[0]);
        h.Signal(ProcessSignal.Term);
        h.Exit(pids[1], 0);

        h.Advance(TimeSpan.FromHours(1));
        Assert.Equal([ProcessSignal.Int], h.Process(pids[0]).Signals);
        Assert.Null(h.Master.ExitCode);

        h.Signal(ProcessSignal.Int);

        Assert.Equal([ProcessSignal.Int, ProcessSignal.Kill], h.Process(pids[0]).Signals);
        h.Exit(pids[0], MasterHarness.KilledBy(ProcessSignal.Kill));
        h.Tick();
        Assert.Equal(ExitCodes.Success, h.Master.ExitCode);
    }

    [Fact]
    public void NothingIsStartedWhileStopping()
    {
        var h = new MasterHarness(workers: 2);
        var pids = h.StartAllReady();
        h.Signal(ProcessSignal.Int);
        h.Exit(pids[0], 0);

        h.Signal(ProcessSignal.Ttin);
        h.Signal(ProcessSignal.Hup);
        h.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, h.Launcher.Started.Count);
        Assert.Equal(0, h.ReloadCalls);
    }

    [Fact]
    public void SigquitLogsATableOfWorkersWithStateAndCurrentRequest()
    {
        var h = new MasterHarness(workers: 2);
        var pids = h.StartAllReady();
        h.Busy(pids[1], "/web/database/manager");
        h.Time.Advance(TimeSpan.FromSeconds(2.5));

        h.Signal(ProcessSignal.Quit);

        var lines = h.Log.Messages.ToArray();
        Assert.Contains("2 worker(s), generation 1, HTTP population 2", lines);
        var idle = Assert.Single(lines, l => l.StartsWith(pids[0].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Contains(" idle ", idle, StringComparison.Ordinal);
        Assert.EndsWith(" -", idle, StringComparison.Ordinal);
        var busy = Assert.Single(lines, l => l.StartsWith(pids[1].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Contains(" busy ", busy, StringComparison.Ordinal);
        Assert.EndsWith("GET /web/database/manager for 2.5s", busy, StringComparison.Ordinal);
        Assert.Empty(h.Launcher.AllSignals);
    }
}
