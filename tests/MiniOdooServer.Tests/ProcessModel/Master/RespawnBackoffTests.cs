using MiniOdooServer.ProcessModel.Master;

namespace MiniOdooServer.Tests.ProcessModel.Master;

public sealed class RespawnBackoffTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AFreshBackOffAllowsAStartAtOnce()
    {
        Assert.True(new RespawnBackoff().Allows(DateTimeOffset.MinValue));
    }

    [Fact]
    public void DelaysDoubleFromATenthOfASecondAndStopAtTenSeconds()
    {
        var backoff = new RespawnBackoff();

        var delays = Enumerable.Range(0, 12).Select(_ => backoff.BootFailed(Now).TotalSeconds).ToArray();

        Assert.Equal([0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10, 10, 10, 10, 10], delays);
        Assert.Equal(12, backoff.ConsecutiveBootFailures);
    }

    [Fact]
    public void ManyFailuresDoNotOverflow()
    {
        var backoff = new RespawnBackoff();
        for (var i = 0; i < 200; i++)
        {
            var expected = TimeSpan.FromMilliseconds(i < 7 ? 100 << i : 10_000);
            Assert.Equal(expected, backoff.BootFailed(Now));
        }
    }

    [Fact]
    public void AllowsOnlyOnceTheDelayHasPassed()
    {
        var backoff = new RespawnBackoff();
        var delay = backoff.BootFailed(Now);

        Assert.False(backoff.Allows(Now));
        Assert.False(backoff.Allows(Now + delay - TimeSpan.FromTicks(1)));
        Assert.True(backoff.Allows(Now + delay));
    }

    [Fact]
    public void BootedResetsTheDelayAndTheCount()
    {
        var backoff = new RespawnBackoff();
        backoff.BootFailed(Now);
        backoff.BootFailed(Now);

        backoff.Booted();

        Assert.Equal(0, backoff.ConsecutiveBootFailures);
        Assert.True(backoff.Allows(Now));
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.BootFailed(Now));
    }
}
