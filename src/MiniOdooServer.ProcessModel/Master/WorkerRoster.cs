using MiniOdooServer.ProcessModel.Status;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>The master's table of its live workers, and what each last wrote in its scoreboard slot.</summary>
internal sealed class WorkerRoster
{
    private readonly List<WorkerHandle> _workers = [];

    public IReadOnlyList<WorkerHandle> All => _workers;

    public int Count => _workers.Count;

    public WorkerHandle? Find(int pid) => _workers.Find(w => w.Pid == pid);

    public void Add(WorkerHandle worker) => _workers.Add(worker);

    public void Remove(WorkerHandle worker) => _workers.Remove(worker);

    /// <summary>Workers of <paramref name="kind"/> that count toward the population: the current generation, not retiring.</summary>
    public int Counted(WorkerKind kind, int generation) =>
        _workers.Count(w => w.Kind == kind && w.Generation == generation && w.State != WorkerState.Retiring);

    /// <summary>Workers of <paramref name="kind"/> of the current generation that accept (a reload waits for them).</summary>
    public int Accepting(WorkerKind kind, int generation) =>
        _workers.Count(w => w.Kind == kind && w.Generation == generation && w.WasReady && w.State != WorkerState.Retiring);

    /// <summary>Workers of <paramref name="kind"/> of older generations not yet told to go.</summary>
    public WorkerHandle[] Outgoing(WorkerKind kind, int generation) =>
        _workers.Where(w => w.Kind == kind && w.Generation < generation && w.State != WorkerState.Retiring).ToArray();

    /// <summary>Copies what each worker wrote in its scoreboard slot: the watchdog's heartbeat, read each tick.</summary>
    public void ReadActivity()
    {
        foreach (var worker in _workers)
        {
            if (worker.KillSent)
            {
                // Its slot still shows the request it was killed for; the watchdog must not kill it twice.
                continue;
            }
            var activity = worker.Process.ReadActivity();
            worker.LastActivity = activity;
            worker.Served = activity.Served;
            worker.BusySince = activity.RequestStartedTimestamp;
            worker.LastBeat = activity.HeartbeatTimestamp > 0 ? activity.HeartbeatTimestamp : null;
            worker.CurrentRequest = activity.CurrentRequest;
            if (worker.State is WorkerState.Idle or WorkerState.Busy)
            {
                worker.State = activity.State == WorkerSlotState.Busy ? WorkerState.Busy : WorkerState.Idle;
            }
        }
    }
}
