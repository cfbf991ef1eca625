using MiniOdooServer.App.Cron;

namespace MiniOdooServer.Tests.App.Cron;

/// <summary>A cron store in memory with the real stores' rules: claims are atomic, the next call advances at claim.</summary>
internal sealed class InMemoryCronStore : ICronStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, (DateTimeOffset NextCall, bool Locked)> _jobs = new(StringComparer.Ordinal);

    public string Description => "memory";

    public List<(string Job, DateTimeOffset ScheduledAt)> Claims { get; } = [];

    public Action? Woken { get; private set; }

    /// <summary>Claims that fail as an unreachable store would, before the store answers again.</summary>
    public int FailingClaims { get; set; }

    public Task EnsureJobsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            foreach (var name in names)
            {
                _jobs.TryAdd(name, (now, false));
            }
        }
        return Task.CompletedTask;
    }

    public Task<CronClaim?> TryClaimAsync(IReadOnlyDictionary<string, TimeSpan> intervals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (FailingClaims > 0)
        {
            FailingClaims--;
            throw new CronStoreUnavailableException("cron store memory: connection refused", new IOException("refused"));
        }
        lock (_lock)
        {
            foreach (var (name, interval) in intervals.OrderBy(pair => _jobs[pair.Key].NextCall))
            {
                var (nextCall, locked) = _jobs[name];
                if (nextCall > now || locked)
                {
                    continue;
                }
                var next = CronSchedule.NextCallAfter(nextCall, interval, now);
                _jobs[name] = (next, true);
                Claims.Add((name, nextCall));
                return Task.FromResult<CronClaim?>(new CronClaim(name, nextCall, next, () =>
                {
                    lock (_lock)
                    {
                        _jobs[name] = (_jobs[name].NextCall, false);
                    }
                    return ValueTask.CompletedTask;
                }));
            }
            return Task.FromResult<CronClaim?>(null);
        }
    }

    public Task<DateTimeOffset?> NextCallAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(names.Select(n => (DateTimeOffset?)_jobs[n].NextCall).Min());
        }
    }

    public Task TriggerAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _jobs[name] = (now, _jobs.TryGetValue(name, out var job) && job.Locked);
        }
        Woken?.Invoke();
        return Task.CompletedTask;
    }

    public Task ListenAsync(Action woken, CancellationToken cancellationToken)
    {
        Woken = woken;
        return Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
