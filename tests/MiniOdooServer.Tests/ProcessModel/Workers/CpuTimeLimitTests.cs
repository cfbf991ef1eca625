using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

/// <summary>Issue 15, item 4: limit_time_cpu costs a setrlimit once in many requests, and still bounds each one.</summary>
public sealed class CpuTimeLimitTests
{
    private const ulong Unlimited = ulong.MaxValue;

    private readonly FakeTimeProvider _time = new();
    private readonly List<ulong> _set = [];
    private TimeSpan _used = TimeSpan.FromSeconds(10.2);

    [Fact]
    public void AnHttpWorkerSetsTheLimitOnceForManyShortRequests()
    {
        using var limit = new CpuTimeLimit(60, () => _used, _set.Add, _time);

        for (var i = 0; i < 1000; i++)
        {
            limit.Arm();
            _used += TimeSpan.FromMilliseconds(0.1);
            limit.Disarm();
        }

        // ceil(10.2) + 60 + 1: a whole budget for every one of them.
        Assert.Equal([72UL], _set);
    }

    [Fact]
    public void TheLimitIsSetAgainWhenLessThanAWholeBudgetIsLeft()
    {
        using var limit = new CpuTimeLimit(60, () => _used, _set.Add, _time);
        limit.Arm();
        limit.Disarm();

        _used += TimeSpan.FromSeconds(2);
        limit.Arm();

        // 72 - 12.2 < 60: a request must never get less than limit_time_cpu.
        Assert.Equal([72UL, 74UL], _set);
        Assert.True(_set[^1] - _used.TotalSeconds >= 60);
        Assert.True(_set[^1] - _used.TotalSeconds <= 62);
    }

    [Fact]
    public void AnIdleWorkersLimitIsLiftedAtTheNextTickButNotDuringARequest()
    {
        using var limit = new CpuTimeLimit(60, () => _used, _set.Add, _time);
        limit.Arm();

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([72UL], _set);

        limit.Disarm();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([72UL, Unlimited], _set);
    }

    [Fact]
    public void WithoutAnIdleTimerTheLimitIsSetAndLiftedAroundEachRun()
    {
        using var limit = new CpuTimeLimit(60, () => _used, _set.Add, idleTime: null);

        limit.Arm();
        limit.Disarm();
        limit.Arm();
        limit.Disarm();

        Assert.Equal([71UL, Unlimited, 71UL, Unlimited], _set);
    }

    [Fact]
    public void ZeroSecondsNeverSetsALimit()
    {
        using var limit = new CpuTimeLimit(0, () => _used, _set.Add, _time);

        limit.Arm();
        limit.Disarm();
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Empty(_set);
    }
}
