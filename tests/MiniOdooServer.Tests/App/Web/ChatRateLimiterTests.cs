using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Modules.Web.Chat;

namespace MiniOdooServer.Tests.App.Web;

public sealed class ChatRateLimiterTests
{
    [Fact]
    public void ABurstPassesThenTheNextIsRefusedWithTheWaitUntilTheNextToken()
    {
        var time = new FakeTimeProvider();
        var limiter = new ChatRateLimiter(time, burst: 3, refill: TimeSpan.FromSeconds(2));

        Assert.True(limiter.TryAdmit("10.0.0.1", out _));
        Assert.True(limiter.TryAdmit("10.0.0.1", out _));
        Assert.True(limiter.TryAdmit("10.0.0.1", out _));
        time.Advance(TimeSpan.FromSeconds(0.5));

        Assert.False(limiter.TryAdmit("10.0.0.1", out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1.5), retryAfter);
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.True(limiter.TryAdmit("10.0.0.1", out _));
    }

    [Fact]
    public void EachAddressHasItsOwnBucket()
    {
        var time = new FakeTimeProvider();
        var limiter = new ChatRateLimiter(time, burst: 1);

        Assert.True(limiter.TryAdmit("10.0.0.1", out _));
        Assert.False(limiter.TryAdmit("10.0.0.1", out _));
        Assert.True(limiter.TryAdmit("10.0.0.2", out _));
    }

    [Fact]
    public void AnIdleClientGetsNoMoreThanTheBurstBack()
    {
        var time = new FakeTimeProvider();
        var limiter = new ChatRateLimiter(time, burst: 2, refill: TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAdmit("a", out _));
        time.Advance(TimeSpan.FromHours(1));

        Assert.True(limiter.TryAdmit("a", out _));
        Assert.True(limiter.TryAdmit("a", out _));
        Assert.False(limiter.TryAdmit("a", out _));
    }

    [Fact]
    public void TheTableOfAddressesStaysBoundedAndKeepsLimitingActiveClients()
    {
        var time = new FakeTimeProvider();
        var limiter = new ChatRateLimiter(time, burst: 1, refill: TimeSpan.FromSeconds(10), maxClients: 3);
        Assert.True(limiter.TryAdmit("active", out _));
        time.Advance(TimeSpan.FromSeconds(10)); // "active"'s bucket is full again: forgettable
        Assert.True(limiter.TryAdmit("active", out _));
        Assert.True(limiter.TryAdmit("b", out _));
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(limiter.TryAdmit("c", out _));
        Assert.True(limiter.TryAdmit("active", out _));

        // The table is full (3): "d" forces a prune of the full buckets ("b"), not of the busy ones.
        Assert.True(limiter.TryAdmit("d", out _));
        Assert.False(limiter.TryAdmit("active", out _));
        Assert.False(limiter.TryAdmit("c", out _));
    }
}
