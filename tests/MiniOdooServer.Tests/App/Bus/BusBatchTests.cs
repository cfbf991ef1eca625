using System.Text;
using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

public sealed class BusBatchTests
{
    private static readonly BusNotification Room11 = new(11, "room", """{"type": "t", "payload": 1}""");
    private static readonly BusNotification Other12 = new(12, "other", """{"type": "t", "payload": 2}""");
    private static readonly BusNotification Room13 = new(13, "room", """{"type": "t", "payload": 3}""");
    private readonly BusBatch _batch = new(10, [Room11, Other12, Room13]);

    [Fact]
    public void ASubscriberThatHadReadUpToTheScanGetsItsChannelsMessagesAfterItsLast()
    {
        Assert.Equal([Room11, Room13], _batch.DeliveryFor(["room", "broadcast"], 10)!);
        Assert.Equal([Room13], _batch.DeliveryFor(["room"], 11)!);
        Assert.Equal([Other12], _batch.DeliveryFor(["other"], 10)!);
        Assert.Empty(_batch.DeliveryFor(["nobody"], 10)!);
    }

    [Fact]
    public void ASubscriberBehindTheScanOrReadingTheRecentWindowMustReadTheStore()
    {
        // Its messages 1..10 are not in the batch.
        Assert.Null(_batch.DeliveryFor(["room"], 9));
        // last = 0 reads the last 50 s, which the batch cannot tell.
        Assert.Null(_batch.DeliveryFor(["room"], 0));
    }

    [Fact]
    public void SubscribersGettingTheSameMessagesShareOneDeliveryAndItsBytes()
    {
        var first = _batch.DeliveryFor(["room", "broadcast"], 10)!;
        var second = _batch.DeliveryFor(["broadcast", "room", "other-but-silent"], 10)!;
        var third = _batch.DeliveryFor(["room"], 11)!;

        Assert.Same(first, second);
        Assert.NotSame(first, third);
        Assert.True(first.WebSocketFrame.Equals(second.WebSocketFrame)); // the same array, serialized once
        Assert.Equal("""[{"id":11,"message":{"type": "t", "payload": 1}},{"id":13,"message":{"type": "t", "payload": 3}}]""",
            Encoding.UTF8.GetString(first.WebSocketFrame.Span));
        Assert.Equal("""[{"id":13,"channel":"room","message":{"type": "t", "payload": 3}}]""",
            Encoding.UTF8.GetString(third.PollResult.Span));
    }

    [Fact]
    public void ALargeScanSelectsAndSharesTheSameWay()
    {
        var rows = Enumerable.Range(1, 100).Select(i => new BusNotification(10 + i, i % 2 == 0 ? "even" : "odd", "{}")).ToArray();
        var batch = new BusBatch(10, rows);

        var even = batch.DeliveryFor(["even"], 10)!;

        Assert.Equal(rows.Where(r => r.Channel == "even"), even);
        Assert.Same(even, batch.DeliveryFor(["even", "broadcast"], 11));
        Assert.Equal([rows[^1]], batch.DeliveryFor(["even"], 109)!);
    }
}
