namespace MiniOdooServer.App.Cron;

/// <summary>
/// How long an idle runner sleeps: until the earliest next call, at most a minute (Odoo's cron threads wake every
/// 60 + N s), with jitter so that the runners of every process and machine do not hit the store at the same instant.
/// A trigger wakes them earlier.
/// </summary>
public static class CronPolling
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    /// <summary>A due job that could not be claimed is being run by someone else: look again after this.</summary>
    public static readonly TimeSpan BusyRetry = TimeSpan.FromMilliseconds(500);

    /// <summary>At most this much is added to a wait for a known next call.</summary>
    public static readonly TimeSpan Spread = TimeSpan.FromMilliseconds(100);

    /// <param name="random">A number in [0, 1).</param>
    public static TimeSpan Delay(DateTimeOffset? nextCall, DateTimeOffset now, double random)
    {
        if (nextCall is not { } next || next - now >= MaxWait)
        {
            return MaxWait * (0.9 + 0.2 * random); // ±10 %
        }
        var untilDue = next - now;
        return (untilDue > TimeSpan.Zero ? untilDue : BusyRetry) + Spread * random;
    }
}
