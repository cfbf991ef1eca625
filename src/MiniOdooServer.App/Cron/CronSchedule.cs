namespace MiniOdooServer.App.Cron;

/// <summary>Odoo's scheduling rule, without its burst: the next call advances from the scheduled time by whole intervals.</summary>
public static class CronSchedule
{
    /// <summary>
    /// The first <c>scheduled + k × interval</c> (k ≥ 1) after <paramref name="now"/>: a late run keeps the job's rhythm
    /// (10:00:00, 10:00:10… even when one run started at 10:00:00.4), and runs missed during downtime are skipped,
    /// not replayed one after the other.
    /// </summary>
    public static DateTimeOffset NextCallAfter(DateTimeOffset scheduled, TimeSpan interval, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var next = scheduled + interval;
        if (next > now)
        {
            return next;
        }
        var missed = (now - next).Ticks / interval.Ticks + 1;
        return next + TimeSpan.FromTicks(missed * interval.Ticks);
    }
}
