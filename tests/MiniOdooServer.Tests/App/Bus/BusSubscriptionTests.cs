using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

public sealed class BusSubscriptionTests
{
    private static BusSubscription Create() => new(["room"], _ => { });

    [Fact]
    public async Task AWaitIsWokenByANotifyWithTheLatestBatch()
    {
        var subscription = Create();
        var older = new BusBatch(1, []);
        var latest = new BusBatch(2, []);

        var wait = subscription.WaitAsync();
        Assert.False(wait.IsCompleted);
        subscription.Notify(older);

        Assert.True(await wait.Within());
        subscription.Notify(latest);
        Assert.Same(latest, subscription.TakeBatch());
        Assert.Null(subscription.TakeBatch()); // taken once
    }

    [Fact]
    public void TheFanOutsWakeRunsTheContinuationOnItsOwnThread()
    {
        // One pool item wakes a chunk of subscribers: each answer runs there, not as a pool item of its own.
        var subscription = Create();
        var ranOn = -1;
        _ = subscription.WaitAsync().ContinueWith(_ => ranOn = Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously);

        subscription.Wake(new BusBatch(1, []));

        Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
    }

    [Fact]
    public async Task NotifyAndCloseDoNotRunTheContinuationOnTheCallersThread()
    {
        // Close comes from the deadline timer, a client's abort or shutdown; Notify from a websocket's receive loop.
        foreach (var signal in new Action<BusSubscription>[] { s => s.Notify(), s => s.Close() })
        {
            var subscription = Create();
            using var callerReturned = new ManualResetEventSlim();
            var sawCallerReturn = subscription.WaitAsync().ContinueWith(_ => callerReturned.Wait(TimeSpan.FromSeconds(10)),
                TaskContinuationOptions.ExecuteSynchronously);

            signal(subscription);
            callerReturned.Set();

            Assert.True(await sawCallerReturn.Within());
        }
    }

    [Fact]
    public async Task WakeUpsBeforeTheWaitAreKeptAsOne()
    {
        var subscription = Create();
        subscription.Notify();
        subscription.Notify();

        Assert.True(await subscription.WaitAsync());
        Assert.False(subscription.WaitAsync().IsCompleted);
    }

    [Fact]
    public async Task ANotifyWithoutBatchDropsAnOlderBatchSoThatTheStoreIsRead()
    {
        var subscription = Create();
        subscription.Notify(new BusBatch(1, []));
        subscription.Notify(); // e.g. a new subscribe event: its last may be behind the batch

        Assert.True(await subscription.WaitAsync());
        Assert.Null(subscription.TakeBatch());
    }

    [Fact]
    public async Task CloseEndsTheCurrentAndEveryLaterWait()
    {
        var subscription = Create();
        var wait = subscription.WaitAsync();

        subscription.Close();
        subscription.Notify();

        Assert.False(await wait.Within());
        Assert.False(await subscription.WaitAsync());
        Assert.True(subscription.IsClosed);
    }
}
