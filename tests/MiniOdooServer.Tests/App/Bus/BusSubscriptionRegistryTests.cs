using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

/// <summary>The dispatcher's subscriptions by channel: who a scan wakes, what closing all of them does.</summary>
public sealed class BusSubscriptionRegistryTests
{
    private static readonly BusBatch Batch = new(0, [new BusNotification(1, "room", """{"type": "t", "payload": 1}""")]);

    [Fact]
    public void AScanWakesOnlyTheSubscriptionsOfItsChannelsWithItsBatch()
    {
        var registry = new BusSubscriptionRegistry();
        using var inRoom = registry.Add(["room", "room", "other"]);
        using var elsewhere = registry.Add(["elsewhere"]);

        registry.Notify(Batch, ["room"]);

        Assert.Equal(["room", "other"], inRoom.Channels);
        Assert.True(inRoom.WaitAsync().IsCompletedSuccessfully);
        Assert.Same(Batch, inRoom.TakeBatch());
        Assert.False(elsewhere.WaitAsync().IsCompleted);
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
