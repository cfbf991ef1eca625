using MiniOdooServer.App.Http.Transport;

namespace MiniOdooServer.Tests.App.Transport;

public sealed class ConnectionAdmissionTests
{
    [Fact]
    public async Task AWorkerAcceptsOnlyWhileItsRequestSlotIsFree()
    {
        var slot = new RequestSlot();
        var admission = new ConnectionAdmission(capacity: 10, slot);
        await AcceptAsync(admission);
        admission.ConnectionWaitsForClient(); // a slow client: the worker may take the next connection
        await slot.TakeAsync(CancellationToken.None);

        var next = admission.WaitForTurnAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);

        slot.Release();

        Assert.True(next.IsCompletedSuccessfully);
        Assert.True(await next);
    }

    [Fact]
    public async Task TakingTheSlotCallsOffTheAcceptUnderWay()
    {
        // The next connection must stay in the kernel's queue for an idle worker, not wait behind this request.
        var slot = new RequestSlot();
        var admission = new ConnectionAdmission(capacity: 10, slot);
        var calledOff = new List<long>();
        admission.TurnCalledOff = calledOff.Add;
        Assert.True(await admission.WaitForTurnAsync(CancellationToken.None));
        var turn = admission.Turn;

        await slot.TakeAsync(CancellationToken.None);

        Assert.Equal([turn], calledOff);
        admission.AcceptAbandoned();
        Assert.False(admission.WaitForTurnAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task AnIdleWorkerHoldsConnectionsStillSendingTheirRequestsUpToItsCapacity()
    {
        var admission = new ConnectionAdmission(capacity: 3, new RequestSlot());
        for (var i = 0; i < 3; i++)
        {
            await AcceptAsync(admission);
            admission.ConnectionWaitsForClient();
        }

        var fourth = admission.WaitForTurnAsync(CancellationToken.None);
        Assert.False(fourth.IsCompleted);

        admission.ConnectionEnded();
        Assert.True(await fourth);
    }

    [Fact]
    public async Task AFreshConnectionHoldsTheNextAcceptUntilItWaitsForItsClient()
    {
        // Else an idle worker would take a burst of complete requests from the queue while another worker idles.
        var admission = new ConnectionAdmission(capacity: 10, new RequestSlot());
        await AcceptAsync(admission);

        var next = admission.WaitForTurnAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);

        admission.ConnectionWaitsForClient();
        Assert.True(await next);
    }

    [Fact]
    public async Task AFreshConnectionThatEndsFreesTheNextAccept()
    {
        var admission = new ConnectionAdmission(capacity: 10, new RequestSlot());
        await AcceptAsync(admission);
        var next = admission.WaitForTurnAsync(CancellationToken.None);

        admission.ConnectionEnded(fresh: true);

        Assert.True(await next);
        Assert.Equal(0, admission.OpenConnections);
    }

    [Fact]
    public async Task TheWaitingAcceptResumesOnTheThreadThatEndedTheConnection()
    {
        // A one-request worker must not pay a thread wake-up to go on to its next connection.
        var admission = new ConnectionAdmission(capacity: 1, new RequestSlot());
        await AcceptAsync(admission);
        int? resumedOn = null;
        var waiting = Resume(admission, () => resumedOn = Environment.CurrentManagedThreadId);

        admission.ConnectionEnded(fresh: true);

        Assert.Equal(Environment.CurrentManagedThreadId, resumedOn);
        await waiting;
    }

    [Fact]
    public async Task CloseAbandonsAWaitingAcceptAndDrainsOnceTheConnectionEnds()
    {
        var admission = new ConnectionAdmission(capacity: 1, new RequestSlot());
        await AcceptAsync(admission);
        var next = admission.WaitForTurnAsync(CancellationToken.None);

        admission.Close();

        Assert.False(await next);
        Assert.False(admission.Drained.IsCompleted);
        admission.ConnectionEnded(fresh: true);
        await admission.Drained.Within();
        Assert.False(await admission.WaitForTurnAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CancellingAWaitingAcceptFreesNothing()
    {
        var admission = new ConnectionAdmission(capacity: 1, new RequestSlot());
        await AcceptAsync(admission);
        using var cancel = new CancellationTokenSource();
        var next = admission.WaitForTurnAsync(cancel.Token);

        await cancel.CancelAsync();

        Assert.False(await next);
        Assert.Equal(1, admission.OpenConnections);
        admission.ConnectionEnded(fresh: true);
        Assert.True(await admission.WaitForTurnAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnAbandonedAcceptGivesItsPlaceBack()
    {
        var admission = new ConnectionAdmission(capacity: 1, new RequestSlot());
        Assert.True(await admission.WaitForTurnAsync(CancellationToken.None));

        admission.AcceptAbandoned();

        Assert.True(await admission.WaitForTurnAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WithoutASlotEveryAcceptIsAdmittedAndTheExcessIsToBeRefused()
    {
        var admission = new ConnectionAdmission(capacity: 1000);
        for (var i = 0; i < 1000; i++)
        {
            Assert.False(admission.IsOverCapacity);
            await AcceptAsync(admission);
        }
        Assert.True(await admission.WaitForTurnAsync(CancellationToken.None));
        Assert.True(admission.IsOverCapacity);
        Assert.False(admission.ServesOneRequestAtATime);
    }

    private static async Task AcceptAsync(ConnectionAdmission admission)
    {
        Assert.True(await admission.WaitForTurnAsync(CancellationToken.None));
        admission.AcceptSucceeded();
    }

    private static async Task Resume(ConnectionAdmission admission, Action resumed)
    {
        Assert.True(await admission.WaitForTurnAsync(CancellationToken.None));
        resumed();
    }
}
