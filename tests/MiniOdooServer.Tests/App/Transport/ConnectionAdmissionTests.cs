using MiniOdooServer.App.Http.Transport;

namespace MiniOdooServer.Tests.App.Transport;

public sealed class ConnectionAdmissionTests
{
    [Fact]
    public async Task OneSlotAdmitsOneConnectionUntilItEnds()
    {
        var admission = new ConnectionAdmission(capacity: 1);
        Assert.True(await admission.TryBeginAcceptAsync(CancellationToken.None));
        admission.AcceptSucceeded();

        var next = admission.TryBeginAcceptAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);

        admission.ConnectionEnded();

        Assert.True(next.IsCompletedSuccessfully);
        Assert.True(await next);
    }

    [Fact]
    public async Task TheWaitingAcceptResumesOnTheThreadThatEndedTheConnection()
    {
        // A one-request worker must not pay a thread wake-up to go on to its next connection.
        var admission = new ConnectionAdmission(capacity: 1);
        Assert.True(await admission.TryBeginAcceptAsync(CancellationToken.None));
        admission.AcceptSucceeded();
        int? resumedOn = null;
        var waiting = Resume(admission, () => resumedOn = Environment.CurrentManagedThreadId);

        admission.ConnectionEnded();

        Assert.Equal(Environment.CurrentManagedThreadId, resumedOn);
        await waiting;
    }

    [Fact]
    public async Task CloseAbandonsAWaitingAcceptAndDrainsOnceTheConnectionEnds()
    {
        var admission = new ConnectionAdmission(capacity: 1);
        Assert.True(await admission.TryBeginAcceptAsync(CancellationToken.None));
        admission.AcceptSucceeded();
        var next = admission.TryBeginAcceptAsync(CancellationToken.None);

        admission.Close();

        Assert.False(await next);
        Assert.False(admission.Drained.IsCompleted);
        admission.ConnectionEnded();
        await admission.Drained.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(await admission.TryBeginAcceptAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CancellingAWaitingAcceptFreesNothingAndLeavesTheSlotToTheConnection()
    {
        var admission = new ConnectionAdmission(capacity: 1);
        Assert.True(await admission.TryBeginAcceptAsync(CancellationToken.None));
        admission.AcceptSucceeded();
        using var cancel = new CancellationTokenSource();
        var next = admission.TryBeginAcceptAsync(cancel.Token);

        await cancel.CancelAsync();

        Assert.False(await next);
        Assert.Equal(1, admission.OpenConnections);
        admission.ConnectionEnded();
        Assert.True(await admission.TryBeginAcceptAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnAbandonedAcceptGivesItsSlotBack()
    {
        var admission = new ConnectionAdmission(capacity: 1);
        Assert.True(await admission.TryBeginAcceptAsync(CancellationToken.None));

        admission.AcceptAbandoned();

        Assert.True(await admission.TryBeginAcceptAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WithoutCapacityEveryAcceptIsAdmitted()
    {
        var admission = new ConnectionAdmission(capacity: null);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(await admission.TryBeginAcceptAsync(CancellationToken.None));
            admission.AcceptSucceeded();
        }
        Assert.Equal(1000, admission.OpenConnections);
        Assert.False(admission.ServesOneAtATime);
    }

    private static async Task Resume(ConnectionAdmission admission, Action resumed)
    {
        Assert.True(await admission.TryBeginAcceptAsync(CancellationToken.None));
        resumed();
    }
}
