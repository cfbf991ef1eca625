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

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(5)));
        subscription.Notify(latest);
        Assert.Same(latest, subscription.TakeBatch());
        Assert.Null(subscription.TakeBatch()); // taken once
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

        Assert.False(await wait.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(await subscription.WaitAsync());
        Assert.True(subscription.IsClosed);
    }
}
