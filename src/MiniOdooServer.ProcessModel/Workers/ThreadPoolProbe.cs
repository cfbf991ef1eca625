namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// Whether this process's thread pool still runs ordinary work: each <see cref="Answered"/> queues one no-op work
/// item and answers whether the one queued at the previous call has run since. A heartbeat alone cannot tell: .NET
/// runs due timers (and socket events) from a high-priority queue that every pool thread serves before the ordinary
/// one, and the pool keeps adding threads while it is starved, so a worker whose ordinary queue no longer drains —
/// every thread blocked, a backlog that never shrinks — still beats. Asked once per heartbeat (every second), one late
/// item costs one beat; the master kills only after many missed beats.
/// </summary>
public sealed class ThreadPoolProbe
{
    private readonly Action<Action> _queue;
    private readonly Action _ran;

    /// <summary>1 while a queued probe has not run yet.</summary>
    private int _outstanding;

    /// <summary>Probes the process's own thread pool (its global queue, as work from any thread would be queued).</summary>
    public ThreadPoolProbe()
        : this(static work => ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false))
    {
    }

    /// <summary>Probes through <paramref name="queue"/>, which runs the action at once or later (tests hold it back).</summary>
    internal ThreadPoolProbe(Action<Action> queue)
    {
        _queue = queue;
        _ran = () => Volatile.Write(ref _outstanding, 0);
    }

    /// <summary>
    /// True when the probe queued at the previous call has run (and a new one is queued); false while it still waits,
    /// without queueing another, so a stuck pool does not pile probes up.
    /// </summary>
    public bool Answered()
    {
        if (Interlocked.CompareExchange(ref _outstanding, 1, 0) != 0)
        {
            return false;
        }
        _queue(_ran);
        return true;
    }
}
