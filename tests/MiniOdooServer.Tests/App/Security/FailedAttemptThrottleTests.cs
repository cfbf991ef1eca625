using System.Net;
using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.Tests.App.Security;

public sealed class FailedAttemptThrottleTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void ABurstOfFailuresThenOneAttemptPerRefill()
    {
        var throttle = new FailedAttemptThrottle(_time, burst: 5, refill: TimeSpan.FromSeconds(10));
        for (var i = 0; i < 5; i++)
        {
            Assert.True(throttle.MayTry("10.0.0.5", out _));
            throttle.RecordFailure("10.0.0.5");
        }

        Assert.False(throttle.MayTry("10.0.0.5", out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);
        Assert.True(throttle.MayTry("10.0.0.6", out _)); // another client is not held back

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(throttle.MayTry("10.0.0.5", out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(6), retryAfter);

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(throttle.MayTry("10.0.0.5", out _));
        throttle.RecordFailure("10.0.0.5");
        Assert.False(throttle.MayTry("10.0.0.5", out _));
    }

    [Fact]
    public void TheTableStaysBoundedUnderAFloodOfAddresses()
    {
        var throttle = new FailedAttemptThrottle(_time, burst: 2, refill: TimeSpan.FromSeconds(10), maxClients: 100);
        for (var i = 0; i < 10_000; i++)
        {
            throttle.RecordFailure($"10.0.{i / 256}.{i % 256}");
            throttle.RecordFailure($"10.0.{i / 256}.{i % 256}");
        }

        Assert.True(throttle.Count <= 100);
        Assert.False(throttle.MayTry("10.0.39.15", out _)); // the most recent ones are still held back
    }

    [Fact]
    public void ClientsThatStoppedFailingAreForgottenFirst()
    {
        var throttle = new FailedAttemptThrottle(_time, burst: 2, refill: TimeSpan.FromSeconds(10), maxClients: 2);
        throttle.RecordFailure("a");
        throttle.RecordFailure("b");
        throttle.RecordFailure("b");
        _time.Advance(TimeSpan.FromSeconds(10)); // a is full again, b not yet
        throttle.RecordFailure("c");

        Assert.Equal(2, throttle.Count);
        throttle.RecordFailure("b"); // b was kept: this failure takes its last attempt
        Assert.False(throttle.MayTry("b", out _));
    }

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5")]
    [InlineData("::ffff:10.0.0.5", "10.0.0.5")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void IPv6ClientsCountByTheirSlash64(string address, string key) =>
        Assert.Equal(key, FailedAttemptThrottle.KeyOf(IPAddress.Parse(address)));
}
