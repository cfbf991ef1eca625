using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

/// <summary>The dispatcher's subscriptions by channel: who a scan wakes, what closing all of them does.</summary>
public sealed class BusSubscriptionRegistryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly BusBatch Batch = new(0, [new BusNotification(1, "room", """{"type": "t", "payload": 1}""")]);

    [Fact]
    public async Task AScanWakesOnlyTheSubscriptionsOfItsChannelsWithItsBatch()
    {
        var registry = new BusSubscriptionRegistry();
        using var inRoom = registry.Add(["room", "room", "other"]);
        using var elsewhere = registry.Add(["elsewhere"]);
        var elsewhereWait = elsewhere.WaitAsync();

        registry.Notify(Batch, ["room"]);

        Assert.Equal(["room", "other"], inRoom.Channels);
        Assert.True(await inRoom.WaitAsync().WaitAsync(Timeout));
        Assert.Same(Batch, inRoom.TakeBatch());
        Assert.False(elsewhereWait.IsCompleted);
    }

    [Fact]
    public async Task AScanWakesEverySubscriberOfABroadcastWhateverTheNumberOfChunks()
    {
        var registry = new BusSubscriptionRegistry();
        var subscribers = Enumerable.Range(0, 3 * BusFanOut.ChunkSize + 5).Select(_ => registry.Add(["room"])).ToArray();
        var waits = subscribers.Select(s => s.WaitAsync()).ToArray();

        registry.Notify(Batch, ["room"]);

        var woken = await Task.WhenAll(waits).WaitAsync(Timeout);
        Assert.All(woken, Assert.True);
        Assert.All(subscribers, s => Assert.Same(Batch, s.TakeBatch()));
        foreach (var subscriber in subscribers)
        {
            subscriber.Dispose();
        }
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public async Task AWokenSubscriptionCanUnsubscribeWhileTheScanIsStillWaking()
    {
        // A woken long-poll disposes its subscription from its continuation: the registry's lock is not held then.
        var registry = new BusSubscriptionRegistry();
        var subscribers = Enumerable.Range(0, 2 * BusFanOut.ChunkSize).Select(_ => registry.Add(["room"])).ToArray();
        var done = subscribers.Select(async s =>
        {
            using (s)
            {
                return await s.WaitAsync();
            }
        }).ToArray();

        registry.Notify(Batch, ["room"]);

        Assert.All(await Task.WhenAll(done).WaitAsync(Timeout), Assert.True);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void ANewChannelListReplacesTheOldOneAndADisposedSubscriptionIsGone()
    {
        var registry = new BusSubscriptionRegistry();
        var subscription = registry.Add(["room"]);

        registry.Replace(subscription, ["other"]);
        registry.Notify(Batch, ["room"]);
        Assert.False(subscription.WaitAsync().IsCompleted);
        Assert.Equal(1, registry.Count);

        subscription.Dispose();
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void CloseAllClosesEverySubscriptionAndEveryOneAddedLater()
    {
        var registry = new BusSubscriptionRegistry();
        using var open = registry.Add(["room"]);

        registry.CloseAll();
        using var late = registry.Add(["room"]);

        Assert.True(open.IsClosed);
        Assert.True(late.IsClosed);
    }
}
