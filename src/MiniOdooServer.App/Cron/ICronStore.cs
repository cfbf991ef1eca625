namespace MiniOdooServer.App.Cron;

/// <summary>
/// Where jobs' next calls live and who runs a job now. The lock lives here, not in a process, so that cron workers,
/// threads and other machines sharing the store never run one job twice at once. Implementations throw
/// <see cref="CronStoreUnavailableException"/> when the store cannot be reached, never a driver exception.
/// </summary>
public interface ICronStore : IAsyncDisposable
{
    /// <summary>For log lines: what and where the store is.</summary>
    string Description { get; }

    /// <summary>Adds the jobs the store does not know yet, due at <paramref name="now"/> (Odoo's default nextcall); known jobs keep theirs.</summary>
    Task EnsureJobsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes one job of <paramref name="intervals"/> that is due at <paramref name="now"/> and that nobody runs, atomically:
    /// its next call advances past now (<see cref="CronSchedule.NextCallAfter"/>) and the lock is held until the claim is
    /// released — or its holder dies. Null when no job is due and free.
    /// </summary>
    Task<CronClaim?> TryClaimAsync(IReadOnlyDictionary<string, TimeSpan> intervals, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The earliest next call among <paramref name="names"/>, or null when the store has none of them.</summary>
    Task<DateTimeOffset?> NextCallAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken);

    /// <summary>Makes a job due now and wakes every runner (of every process, or machine for PostgreSQL).</summary>
    Task TriggerAsync(string name, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="woken"/> whenever a job is triggered, until cancelled; reconnects on its own.</summary>
    Task ListenAsync(Action woken, CancellationToken cancellationToken);
}
