using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>What systemd hears from the master (sd_notify): readiness, reloads, the stop, the status and the watchdog.</summary>
public sealed class PreforkMasterServiceManagerTests
{
    [Fact]
    public void ReadyIsSentOnceEveryHttpWorkerAcceptsAndNotBefore()
    {
        var manager = new RecordingServiceManager();
        var h = new MasterHarness(workers: 2, serviceManager: manager);
        h.Tick();
        var pids = h.Pids;

        h.Ready(pids[0]);
        h.Tick();
        Assert.DoesNotContain(manager.Sent, m => m.StartsWith("READY=1", StringComparison.Ordinal));

        h.Ready(pids[1]);
        h.Tick();
        h.Tick();
        Assert.Equal("READY=1\nSTATUS=2/2 HTTP workers, generation 1, 0 requests/s", Assert.Single(manager.Sent, m => m.StartsWith("READY=1", StringComparison.Ordinal)));
    }

    [Fact]
    public void AReloadSaysReloadingWithTheMonotonicTimeThenReadyWhenTheNewGenerationServes()
    {
        var manager = new RecordingServiceManager();
        var h = new MasterHarness(workers: 1, serviceManager: manager);
        h.StartAllReady();
        h.Tick();
        manager.Sent.Clear();

        h.Signal(ProcessSignal.Hup);
        h.Tick();
        var reloading = Assert.Single(manager.Sent);
        Assert.Matches(@"^RELOADING=1\nMONOTONIC_USEC=\d+$", reloading);

        h.Ready(h.Launcher.OfGeneration(2).Single().Pid);
        h.Tick();
        Assert.Equal("READY=1\nSTATUS=1/1 HTTP workers, generation 2, 0 requests/s", manager.Sent[^1]);
    }

    [Fact]
    public void ARefusedReloadSaysNothing()
    {
        var manager = new RecordingServiceManager();
        var h = new MasterHarness(workers: 1, reload: () => throw new InvalidOperationException("bad"), serviceManager: manager);
        h.StartAllReady();
        h.Tick();
        manager.Sent.Clear();

        h.Signal(ProcessSignal.Hup);
        h.Tick();

        Assert.Empty(manager.Sent);
    }

    [Fact]
    public void AStopSaysStoppingOnce()
    {
        var manager = new RecordingServiceManager();
        var h = new MasterHarness(workers: 1, serviceManager: manager);
        h.StartAllReady();
        h.Tick();

        h.Signal(ProcessSignal.Term);
        h.Tick();
        h.Tick();

        Assert.Single(manager.Sent, m => m == "STOPPING=1");
        Assert.Equal("STOPPING=1", manager.Sent[^1]);
    }

    [Fact]
    public void TheStatusFollowsThePopulationAtMostOnceASecond()
    {
        var manager = new RecordingServiceManager();
        var h = new MasterHarness(workers: 2, serviceManager: manager);
        var pids = h.StartAllReady();
        h.Tick();
        manager.Sent.Clear();

        h.Exit(pids[0], 1);
        h.Tick();
        Assert.Empty(manager.Sent);

        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("STATUS=1/2 HTTP workers, generation 1, 0 requests/s", Assert.Single(manager.Sent, m => m.StartsWith("STATUS=", StringComparison.Ordinal)));
    }

    [Fact]
    public void TheWatchdogIsFedAtHalfItsIntervalFromTheLoop()
    {
        var manager = new RecordingServiceManager { WatchdogInterval = TimeSpan.FromSeconds(10) };
        var h = new MasterHarness(workers: 1, serviceManager: manager);
        h.StartAllReady();
        h.Tick();
        Assert.Single(manager.Sent, m => m == "WATCHDOG=1");

        h.Advance(TimeSpan.FromSeconds(4));
        Assert.Single(manager.Sent, m => m == "WATCHDOG=1");
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, manager.Sent.Count(m => m == "WATCHDOG=1"));
    }

    [Fact]
    public void WithoutAServiceManagerNothingIsSent()
    {
        var manager = new RecordingServiceManager { Listening = false };
        var h = new MasterHarness(workers: 1, serviceManager: manager);
        h.StartAllReady();
        h.Tick();
        h.Signal(ProcessSignal.Term);
        h.Tick();

        Assert.Empty(manager.Sent);
    }

    [Fact]
    public void AMasterThatHandsOverToTheNewMasterOfAnUpgradeSaysNothingMore()
    {
        var manager = new RecordingServiceManager();
        var h = new MasterHarness(workers: 1, serviceManager: manager, successors: new OneSuccessor());
        h.StartAllReady();
        h.Tick();
        h.Signal(ProcessSignal.Usr2);
        manager.Sent.Clear();

        h.Signal(ProcessSignal.Term);
        h.Advance(TimeSpan.FromSeconds(2));

        Assert.Empty(manager.Sent);
    }

    private sealed class OneSuccessor : ISuccessorLauncher
    {
        public int Start(Action<MasterEvent> post) => 9001;
    }

    private sealed class RecordingServiceManager : IServiceManager
    {
        public List<string> Sent { get; } = [];

        public bool Listening { get; init; } = true;

        public TimeSpan? WatchdogInterval { get; init; }

        public void Notify(string state) => Sent.Add(state);
    }
}
