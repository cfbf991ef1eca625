using MiniOdooServer.ProcessModel.Status;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// A worker's proof of life while it waits for work: its slot's heartbeat, written every <see cref="Interval"/> from
/// the thread pool. Odoo's workers write to their watchdog pipe at each turn of their loop; an idle mini-odoo worker
/// has no loop of its own, so a timer beats instead. A worker that is stopped, deadlocked or starved of threads
/// stops beating, and the master kills it once the silence reaches limit_time_real (<c>Master.Watchdog</c>).
/// </summary>
public sealed class WorkerHeartbeat : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ITimer _timer;

    public WorkerHeartbeat(WorkerSlot slot, TimeProvider time)
    {
        slot.Beat(time.GetTimestamp());
        _timer = time.CreateTimer(_ => slot.Beat(time.GetTimestamp()), null, Interval, Interval);
    }

    public void Dispose() => _timer.Dispose();
}
