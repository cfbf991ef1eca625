namespace MiniOdooServer.App.Cron;

/// <summary>
/// One job taken by one runner: the scheduled time this run is for, the next call already written to the store, and
/// the lock, held until <see cref="ReleaseAsync"/> (a PostgreSQL connection, or a row's owner in SQLite).
/// </summary>
public sealed class CronClaim(string name, DateTimeOffset scheduledAt, DateTimeOffset nextCall, Func<ValueTask> release)
{
    private int _released;

    public string Name { get; } = name;

    /// <summary>The next call this run was due at (a trigger's time for a triggered run).</summary>
    public DateTimeOffset ScheduledAt { get; } = scheduledAt;

    /// <summary>When the job is due again: written when it was claimed, so a run killed mid-way is not replayed at once.</summary>
    public DateTimeOffset NextCall { get; } = nextCall;

    /// <summary>Gives the lock back; idempotent.</summary>
    public ValueTask ReleaseAsync() => Interlocked.Exchange(ref _released, 1) == 0 ? release() : ValueTask.CompletedTask;
}
