using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>SIGUSR2: the binary upgrade's rules in the old master (the new master's side is a functional test).</summary>
public sealed class PreforkMasterUpgradeTests
{
    [Fact]
    public void Usr2StartsOneNewMasterAndTheOldOneKeepsServing()
    {
        var successors = new CountingSuccessorLauncher();
        var h = new MasterHarness(workers: 2, successors: successors);
        var workers = h.StartAllReady();

        h.Signal(ProcessSignal.Usr2);
        h.Signal(ProcessSignal.Usr2);
        h.Tick();

        Assert.Equal(1, successors.Started);
        Assert.Contains(h.Log.Messages, m => m.StartsWith("Upgrading: new master (pid 9001) started", StringComparison.Ordinal));
        Assert.Contains("Upgrade already in progress: new master (pid 9001) is starting", h.Log.Messages);
        Assert.Empty(h.Launcher.AllSignals);
        Assert.Equal(workers, h.Pids);
    }

    [Fact]
    public void ANewMasterThatExitsFirstIsAFailedUpgradeAndAnotherMayBeTried()
    {
        var successors = new CountingSuccessorLauncher();
        var h = new MasterHarness(workers: 1, successors: successors);
        h.StartAllReady();
        h.Signal(ProcessSignal.Usr2);

        h.Master.Handle(new MasterEvent.SuccessorExited(9001, 2));
        h.Tick();
        Assert.Contains("Upgrade failed, this master keeps serving: new master (pid 9001): it exited with status 2 before its workers accepted", h.Log.Messages);
        Assert.Null(h.Master.ExitCode);

        h.Signal(ProcessSignal.Usr2);
        Assert.Equal(2, successors.Started);
    }

    [Fact]
    public void StoppingWhileANewMasterRunsHandsOverAndItsLaterExitIsNoFailure()
    {
        var h = new MasterHarness(workers: 1, successors: new CountingSuccessorLauncher());
        h.StartAllReady();
        h.Signal(ProcessSignal.Usr2);

        h.Signal(ProcessSignal.Term);
        h.Master.Handle(new MasterEvent.SuccessorExited(9001, 0));

        Assert.Contains("Stopping: new master (pid 9001) has taken over", h.Log.Messages);
        Assert.DoesNotContain(h.Log.Messages, m => m.StartsWith("Upgrade failed", StringComparison.Ordinal));
    }

    [Fact]
    public void Usr2WithoutALauncherOrDuringAStopStartsNothing()
    {
        var without = new MasterHarness(workers: 1);
        without.StartAllReady();
        without.Signal(ProcessSignal.Usr2);
        Assert.Contains("SIGUSR2 (binary upgrade) is not available here", without.Log.Messages);

        var successors = new CountingSuccessorLauncher();
        var stopping = new MasterHarness(workers: 1, successors: successors);
        stopping.StartAllReady();
        stopping.Signal(ProcessSignal.Term);
        stopping.Signal(ProcessSignal.Usr2);
        Assert.Equal(0, successors.Started);
    }

    private sealed class CountingSuccessorLauncher : ISuccessorLauncher
    {
        public int Started { get; private set; }

        public int Start(Action<MasterEvent> post) => 9000 + ++Started;
    }
}
