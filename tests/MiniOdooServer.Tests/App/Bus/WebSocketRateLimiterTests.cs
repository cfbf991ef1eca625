using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Modules.Bus;

namespace MiniOdooServer.Tests.App.Bus;

public sealed class WebSocketRateLimiterTests
{
    [Fact]
    public void BurstMessagesPassAndOneMoreWithinBurstTimesDelayIsRefused()
    {
        var time = new FakeTimeProvider();
        var limiter = new WebSocketRateLimiter(burst: 10, TimeSpan.FromSeconds(0.2), time);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(limiter.TryAdmit());
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.False(limiter.TryAdmit()); // the 11th message 1 s after the first, within 10 × 0.2 s
    }

    [Fact]
    public void ASteadyRateAtTheDelayIsNeverRefused()
    {
        var time = new FakeTimeProvider();
        var limiter = new WebSocketRateLimiter(burst: 3, TimeSpan.FromSeconds(0.2), time);

        for (var i = 0; i < 50; i++)
        {
            Assert.True(limiter.TryAdmit(), $"message {i}");
            time.Advance(TimeSpan.FromMilliseconds(201));
        }
    }

    [Fact]
    public void ABurstOfZeroDisablesTheLimit()
    {
        var limiter = new WebSocketRateLimiter(burst: 0, TimeSpan.FromSeconds(1), new FakeTimeProvider());

        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(limiter.TryAdmit()));
    }

    [Fact]
    public void TheKeepAliveLifetimeGetsUpToHalfAgainAsJitter()
    {
        var policy = new WebSocketPolicy(TimeSpan.FromSeconds(3600), 10, TimeSpan.FromSeconds(0.2), 1 << 20, new());

        Assert.Equal(TimeSpan.FromSeconds(3600), policy.LifetimeWithJitter(new FixedRandom(0)));
        Assert.Equal(TimeSpan.FromSeconds(5400), policy.LifetimeWithJitter(new FixedRandom(1)));
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
