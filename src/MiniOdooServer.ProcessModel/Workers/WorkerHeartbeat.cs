using MiniOdooServer.ProcessModel.Scoreboards;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// A worker's proof of life while it waits for work: its slot's heartbeat, written every <see cref="Interval"/> from
/// the thread pool. Odoo's workers write to their watchdog pipe at each turn of their loop; an idle mini-odoo worker
/// has no loop of its own, so a timer beats instead. A worker that is stopped, deadlocked or starved of threads
/// stops beating, and the master kills it once the silence reaches its limit (<c>Master.Watchdog</c>).
/// </summary>
public sealed class WorkerHeartbeat : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ITimer _timer;

    /// <param name="isHealthy">
    /// Asked at each beat, which is skipped while it answers false: a process can be alive enough to run a timer yet
    /// unable to serve (its accept loop ended, its thread pool stuck), and only the role knows what serving needs.
    /// Called from the timer, so it must be quick and must not block.
    /// </param>
    public WorkerHeartbeat(WorkerSlot slot, TimeProvider time, Func<bool>? isHealthy = null)
    {
        var healthy = isHealthy ?? (static () => true);
        BeatIf(slot, time, healthy);
        _timer = time.CreateTimer(_ => BeatIf(slot, time, healthy), null, Interval, Interval);
    }

    public void Dispose() => _timer.Dispose();

    private static void BeatIf(WorkerSlot slot, TimeProvider time, Func<bool> healthy)
    {
        if (healthy())
        {
            slot.Beat(time.GetTimestamp());
        }
    }
}
