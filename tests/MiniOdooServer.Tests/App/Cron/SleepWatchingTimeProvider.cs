using Microsoft.Extensions.Time.Testing;

namespace MiniOdooServer.Tests.App.Cron;

/// <summary>
/// A fake clock that knows how many of its timers are armed: a runner sleeps on one, so a test advances the clock once
/// the runner sleeps. Advanced earlier, between the runner's reading of the time and its arming the timer, the advance
/// would be lost and the runner would sleep for the whole interval again.
/// </summary>
internal sealed class SleepWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _armed;

    /// <summary>Timers due to fire: neither fired (one-shot), nor disarmed, nor disposed.</summary>
    public int Sleepers => Volatile.Read(ref _armed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var watched = new Watched(this, period);
        watched.Arm(dueTime);
        watched.Inner = base.CreateTimer(s => watched.Fire(callback, s), state, dueTime, period);
        return watched;
    }

    /// <summary>Advances the clock by <paramref name="step"/> once <paramref name="sleepers"/> timers are armed.</summary>
    public async Task AdvanceOnceAsleepAsync(TimeSpan step, int sleepers = 1)
    {
        await Wait.UntilAsync(() => Sleepers >= sleepers, $"{sleepers} sleeper(s) on the fake clock");
        Advance(step);
    }

    private sealed class Watched(SleepWatchingTimeProvider owner, TimeSpan period) : ITimer
    {
        private int _armed;

        public ITimer Inner { get; set; } = null!;

        public void Arm(TimeSpan dueTime) => Set(dueTime != Timeout.InfiniteTimeSpan);

        public void Fire(TimerCallback callback, object? state)
        {
            if (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero)
            {
                Set(false);
            }
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Set(false);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Set(bool armed)
        {
            var now = armed ? 1 : 0;
            var before = Interlocked.Exchange(ref _armed, now);
            Interlocked.Add(ref owner._armed, now - before);
        }
    }
}
