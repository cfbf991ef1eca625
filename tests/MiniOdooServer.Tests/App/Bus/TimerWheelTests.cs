using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

public sealed class TimerWheelTests
{
    private static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void ADeadlineRunsNotBeforeItIsDueAndAtMostOneResolutionAfter()
    {
        var time = new FakeTimeProvider();
        using var wheel = new TimerWheel(time, Resolution);
        var ran = 0;
        wheel.Schedule(TimeSpan.FromSeconds(1.1), _ => ran++, null);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, ran);
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, ran); // 1.099 s: not yet due
        time.Advance(TimeSpan.FromMilliseconds(151));

        Assert.Equal(1, ran); // by 1.25 s, the tick after the deadline
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, ran); // once
        Assert.Equal(0, wheel.Pending);
    }

    [Fact]
    public void ACancelledDeadlineNeverRunsAndIsForgotten()
    {
        var time = new FakeTimeProvider();
        using var wheel = new TimerWheel(time, Resolution);
        var ran = new List<string>();
        var cancelled = wheel.Schedule(TimeSpan.FromSeconds(1), state => ran.Add((string)state!), "cancelled");
        wheel.Schedule(TimeSpan.FromSeconds(1), state => ran.Add((string)state!), "kept");

        cancelled.Dispose();
        Assert.Equal(1, wheel.Pending);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(["kept"], ran);
        cancelled.Dispose(); // after it would have run: harmless
    }

    [Fact]
    public void ManyDeadlinesShareOneTimerAndRunInTheirOwnTicks()
    {
        var time = new FakeTimeProvider();
        using var wheel = new TimerWheel(time, Resolution);
        var ran = new List<int>();
        for (var i = 10; i >= 1; i--)
        {
            var second = i;
            wheel.Schedule(TimeSpan.FromSeconds(second), _ => ran.Add(second), null);
        }

        for (var second = 1; second <= 10; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(Enumerable.Range(1, second), ran);
        }
    }

    [Fact]
    public void ADeadlineScheduledAfterALateTickStillRunsAfterItsDelay()
    {
        var time = new FakeTimeProvider();
        using var wheel = new TimerWheel(time, Resolution);
        wheel.Schedule(TimeSpan.FromHours(1), _ => { }, null); // starts the wheel's timer
        time.Advance(TimeSpan.FromSeconds(3.3));
        var ran = 0;

        wheel.Schedule(TimeSpan.FromSeconds(0.5), _ => ran++, null);
        time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(0, ran);
        time.Advance(TimeSpan.FromMilliseconds(350));

        Assert.Equal(1, ran);
    }
}
