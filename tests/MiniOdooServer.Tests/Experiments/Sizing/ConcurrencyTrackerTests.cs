using MiniOdooServer.Experiments.Sizing.Log;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class ConcurrencyTrackerTests
{
    private static readonly DateTime T0 = new(2024, 5, 13, 9, 0, 0, DateTimeKind.Utc);

    private static DateTime At(double seconds) => T0.AddSeconds(seconds);

    [Fact]
    public void CountsRequestsInProgressFromTheirStartToTheirLoggedEnd()
    {
        var tracker = new ConcurrencyTracker();
        // Logged in end order, as Odoo writes them: a long request started first and ends last.
        tracker.Add(At(1.0), At(2.0));
        tracker.Add(At(1.5), At(2.5));
        tracker.Add(At(0.5), At(3.0));
        tracker.Add(At(2.5), At(3.5)); // starts as the second one ends: not concurrent with it
        tracker.Finish();

        Assert.Equal(3, tracker.Peak);
        Assert.Equal(At(1.5), tracker.PeakAt);
    }

    [Fact]
    public void TheSeriesStaysBoundedOverALongLog()
    {
        var tracker = new ConcurrencyTracker();
        for (var i = 0; i < 100_000; i++) tracker.Add(At(i), At(i + 0.5));
        tracker.Finish();

        Assert.InRange(tracker.Series.Count, 1, ConcurrencyTracker.MaxPoints);
        Assert.True(tracker.BucketWidth >= TimeSpan.FromSeconds(100_000.0 / ConcurrencyTracker.MaxPoints));
        Assert.Equal(1, tracker.Peak);
    }
}
