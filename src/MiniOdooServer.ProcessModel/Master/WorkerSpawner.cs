using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Spawns workers: on each tick, the workers missing of each kind to reach the population target, unless that kind's
/// <see cref="RespawnBackoff"/> holds them back after boot failures.
/// </summary>
internal sealed class WorkerSpawner(
    WorkerRoster roster, PopulationTarget target, IWorkerLauncher launcher, ISupervisionJournal journal, Action<MasterEvent> post)
{
    private readonly Dictionary<WorkerKind, RespawnBackoff> _backoff = [];

    /// <summary>A worker of <paramref name="kind"/> became ready: the next start of that kind waits no more.</summary>
    public void Booted(WorkerKind kind) => BackoffFor(kind).Booted();

    /// <summary>A worker of <paramref name="kind"/> died or was killed before it was ready; returns how long the next start waits.</summary>
    public TimeSpan BootFailed(WorkerKind kind, DateTimeOffset now) => BackoffFor(kind).BootFailed(now);

    public void KeepPopulation(DateTimeOffset now)
    {
        foreach (var kind in Enum.GetValues<WorkerKind>())
        {
            var backoff = BackoffFor(kind);
            while (roster.Counted(kind, target.Generation) < target.Of(kind) && backoff.Allows(now))
            {
                var worker = new WorkerHandle(launcher.Start(kind, target.Generation, post), kind, target.Generation, now);
                roster.Add(worker);
                journal.Started(worker);
            }
        }
    }

    private RespawnBackoff BackoffFor(WorkerKind kind)
    {
        if (!_backoff.TryGetValue(kind, out var backoff))
        {
            _backoff[kind] = backoff = new RespawnBackoff();
        }
        return backoff;
    }
}
