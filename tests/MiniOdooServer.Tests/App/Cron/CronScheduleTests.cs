using MiniOdooServer.App.Cron;

namespace MiniOdooServer.Tests.App.Cron;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    [Fact]
    public void ALateRunKeepsTheJobsRhythm()
    {
        Assert.Equal(T0 + Ten, CronSchedule.NextCallAfter(T0, Ten, T0.AddMilliseconds(400)));
    }

    [Fact]
    public void RunsMissedDuringDowntimeAreSkippedNotReplayed()
    {
        // Down for an hour: one run now, the next one on the rhythm after now — not 360 runs in a row.
        var now = T0.AddHours(1).AddSeconds(3);

        var next = CronSchedule.NextCallAfter(T0, Ten, now);

        Assert.Equal(T0.AddHours(1).AddSeconds(10), next);
        Assert.True(next > now);
    }

    [Fact]
    public void ARunExactlyOnANextCallBoundaryMovesPastIt()
    {
        Assert.Equal(T0 + 3 * Ten, CronSchedule.NextCallAfter(T0, Ten, T0 + 2 * Ten));
    }

    [Fact]
    public void AJobThatIsNotYetDueAdvancesByOneInterval()
    {
        Assert.Equal(T0 + Ten, CronSchedule.NextCallAfter(T0, Ten, T0 - TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void AnIdleRunnerSleepsUntilTheNextCallAtMostAMinuteWithJitter()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), CronPolling.Delay(T0.AddSeconds(5), T0, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(5) + CronPolling.Spread / 2, CronPolling.Delay(T0.AddSeconds(5), T0, random: 0.5));
        Assert.Equal(CronPolling.BusyRetry, CronPolling.Delay(T0.AddSeconds(-1), T0, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(54), CronPolling.Delay(T0.AddHours(1), T0, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(66), CronPolling.Delay(null, T0, random: 1));
    }
}
