using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Tests.ProcessModel.Support;

namespace MiniOdooServer.Tests.ProcessModel.Master;

/// <summary>A worker's state as the master tracks it changes only through its transitions; the illegal ones throw.</summary>
public sealed class WorkerHandleTests
{
    private readonly FakeWorkerProcess _process = new(4_000_000, WorkerKind.Http, 1);

    [Fact]
    public void ABootingWorkerBecomesIdleWhenReadyThenFollowsItsSlot()
    {
        var worker = Handle();
        Assert.Equal(WorkerState.Booting, worker.State);

        worker.Ready();
        Assert.Equal((WorkerState.Idle, true), (worker.State, worker.WasReady));

        _process.Activity = _process.Activity with { State = WorkerSlotState.Busy, Method = "GET", Path = "/web", RequestStartedTimestamp = 7 };
        worker.ReadActivity();
        Assert.Equal((WorkerState.Busy, "GET /web", 7L), (worker.State, worker.CurrentRequest, worker.BusySince));

        _process.Activity = _process.Activity with { State = WorkerSlotState.Idle, Method = null, Path = null, RequestStartedTimestamp = null, Served = 1 };
        worker.ReadActivity();
        Assert.Equal((WorkerState.Idle, null, 1L), (worker.State, worker.CurrentRequest, worker.Served));
    }

    [Fact]
    public void ItsSlotDoesNotMakeABootingOrRetiringWorkerAccept()
    {
        var worker = Handle();
        _process.Activity = _process.Activity with { State = WorkerSlotState.Busy };

        worker.ReadActivity();
        Assert.Equal(WorkerState.Booting, worker.State);

        worker.Retire("limit_request");
        worker.ReadActivity();
        Assert.Equal(WorkerState.Retiring, worker.State);
    }

    [Fact]
    public void ARetiringWorkerStaysRetiringWhenItSaysReady()
    {
        var worker = Handle();
        worker.Retire("server stopping");

        worker.Ready();

        Assert.Equal((WorkerState.Retiring, true, "server stopping"), (worker.State, worker.WasReady, worker.RetireReason));
    }

    [Fact]
    public void AKilledWorkerHasNoRequestAndItsSlotIsNotReadAgain()
    {
        var worker = Handle();
        worker.Ready();
        _process.Activity = _process.Activity with { State = WorkerSlotState.Busy, Method = "GET", Path = "/slow", RequestStartedTimestamp = 7 };
        worker.ReadActivity();

        worker.Kill("limit_time_real (120s) reached during GET /slow");
        worker.ReadActivity();

        Assert.Equal((WorkerState.Retiring, true, null), (worker.State, worker.KillSent, worker.BusySince));
        Assert.Equal("limit_time_real (120s) reached during GET /slow", worker.RetireReason);
    }

    [Fact]
    public void NothingHappensToAWorkerAfterItExited()
    {
        var worker = Handle();
        worker.Exited();

        Assert.Equal(WorkerState.Exited, worker.State);
        Assert.Throws<InvalidOperationException>(worker.Ready);
        Assert.Throws<InvalidOperationException>(worker.ReadActivity);
        Assert.Throws<InvalidOperationException>(() => worker.Retire("SIGTTOU"));
        Assert.Throws<InvalidOperationException>(() => worker.Kill("forced shutdown"));
        Assert.Throws<InvalidOperationException>(worker.Exited);
    }

    [Fact]
    public void ABootFailsOnceAndOnlyBeforeReady()
    {
        var died = Handle();
        died.Exited();
        died.FailBoot();
        Assert.True(died.BootFailed);
        Assert.Throws<InvalidOperationException>(died.FailBoot);

        var ready = Handle();
        ready.Ready();
        Assert.Throws<InvalidOperationException>(ready.FailBoot);
    }

    private WorkerHandle Handle() => new(_process, WorkerKind.Http, 1, DateTimeOffset.UnixEpoch);
}
