using MiniOdooServer.Experiments.Sizing.Log;
using MiniOdooServer.Experiments.Sizing.Replay;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class ReplayScheduleTests
{
    private static readonly DateTime Window = new(2024, 5, 13, 9, 0, 0);

    [Fact]
    public void EachRequestStartsAtItsLoggedStartInStartOrder()
    {
        // Logged when they finished: the slow one was logged last but started first.
        var records = new[]
        {
            Record(loggedAt: 2.0, sql: 0.1, python: 0.4),  // started at 1.5 s
            Record(loggedAt: 3.0, sql: 0.2, python: 2.3),  // started at 0.5 s
        };

        var schedule = ReplaySchedule.Build(records, Window, speed: 1);

        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.5)], schedule.Select(r => r.Offset));
        Assert.Equal(200, schedule[0].SqlMs, 9);
        Assert.Equal(2300, schedule[0].CpuMs, 9);
        Assert.Equal(7, schedule[0].Queries);
    }

    [Fact]
    public void SpeedDividesTheOffsetsAndLeavesTheWork()
    {
        var records = new[] { Record(loggedAt: 1.5, sql: 0.1, python: 0.4), Record(loggedAt: 4.5, sql: 0.1, python: 0.4) };

        var atOne = ReplaySchedule.Build(records, Window, speed: 1);
        var atFour = ReplaySchedule.Build(records, Window, speed: 4);

        Assert.Equal([TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(1)], atFour.Select(r => r.Offset));
        Assert.Equal(atOne.Select(r => (r.SqlMs, r.CpuMs, r.Queries)), atFour.Select(r => (r.SqlMs, r.CpuMs, r.Queries)));
    }

    private static AccessRecord Record(double loggedAt, double sql, double python) =>
        new(Window.AddSeconds(loggedAt), "POST", "/web/dataset/call_kw/res.partner/read", "/web/dataset/call_kw/res.partner/read",
            200, 7, sql, python, null);
}
