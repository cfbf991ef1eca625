using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Spawns workers: on each tick, the workers missing of each kind to reach the roster's target, unless that kind's
/// <see cref="RespawnBackoff"/> holds them back after boot failures. It hears how each boot ends: ready, or failed.
/// </summary>
internal sealed class WorkerSpawner(
    WorkerRoster roster, IWorkerLauncher launcher, ISupervisionJournal journal, Action<MasterEvent> post)
{
    private readonly Dictionary<WorkerKind, RespawnBackoff> _backoff = [];

    /// <summary>The worker said it accepts: the next start of its kind waits no more.</summary>
    public void Ready(WorkerHandle worker)
    {
        worker.Ready();
        BackoffFor(worker.Kind).Booted();
    }

    /// <summary>
    /// The worker died or was killed before it was ready — the one place a boot failure is counted; returns how long
    /// the next start of its kind waits.
    /// </summary>
    public TimeSpan BootFailed(WorkerHandle worker, DateTimeOffset now)
    {
        worker.FailBoot();
        return BackoffFor(worker.Kind).BootFailed(now);
    }

    public void KeepPopulation(DateTimeOffset now)
    {
        foreach (var kind in Enum.GetValues<WorkerKind>())
        {
            var backoff = BackoffFor(kind);
            while (roster.Counted(kind) < roster.Target(kind) && backoff.Allows(now))
            {
                var worker = new WorkerHandle(launcher.Start(kind, roster.Generation, roster.Configuration, post), kind, roster.Generation, now);
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
