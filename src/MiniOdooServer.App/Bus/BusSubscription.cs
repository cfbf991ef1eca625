namespace MiniOdooServer.App.Bus;

/// <summary>
/// One waiting client (a long-poll or a websocket): the channels it listens to and a signal the dispatcher sets when
/// one of them may have a new message, with the messages of the scan that found it (<see cref="BusBatch"/>). The signal
/// holds at most one pending wake-up and the latest batch: the client re-reads everything newer than its last id, so
/// several wake-ups need no more than one read. <see cref="Close"/> ends the wait for good (the client's timeout, its
/// end, or the server stopping). An idle subscription holds no timer, token registration or semaphore: thousands
/// of them wait in the longpolling worker.
/// </summary>
public sealed class BusSubscription : IDisposable
{
    private static readonly Task<bool> Woken = Task.FromResult(true);
    private static readonly Task<bool> Ended = Task.FromResult(false);

    private readonly Action<BusSubscription> _unsubscribe;
    private readonly object _lock = new();
    private TaskCompletionSource<bool>? _waiter;
    private BusBatch? _batch;
    private bool _pending;
    private bool _closed;

    internal BusSubscription(IReadOnlyCollection<string> channels, Action<BusSubscription> unsubscribe)
    {
        Channels = channels;
        _unsubscribe = unsubscribe;
    }

    /// <summary>Set by the dispatcher only, under its lock.</summary>
    public IReadOnlyCollection<string> Channels { get; internal set; }

    /// <summary>True once closed: a wait returns false at once.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    /// <summary>Wakes the client; safe from any thread, any number of times.</summary>
    public void Notify() => Notify(null);

    /// <summary>Wakes the client with the messages of the scan that woke it (kept until <see cref="TakeBatch"/>).</summary>
    public void Notify(BusBatch? batch)
    {
        if (Signal(batch) is { } waiter)
        {
            // The waiter's continuation (the client's whole answer) runs on the thread pool, not on the caller's thread.
            ThreadPool.UnsafeQueueUserWorkItem(static w => w.TrySetResult(true), waiter, preferLocal: false);
        }
    }

    /// <summary>
    /// <see cref="Notify(BusBatch?)"/> for the dispatcher's fan-out (<see cref="BusFanOut"/>): the waiter's continuation
    /// runs here, on the calling thread, so a broadcast costs one thread-pool item per chunk of subscribers, not one each.
    /// </summary>
    internal void Wake(BusBatch batch) => Signal(batch)?.TrySetResult(true);

    /// <summary>Records the wake-up; returns the waiter to complete (outside the lock), if one waits.</summary>
    private TaskCompletionSource<bool>? Signal(BusBatch? batch)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }
            // The latest batch only: an older one may not hold everything after the client's last id (BusBatch).
            _batch = batch;
            var waiter = _waiter;
            _waiter = null;
            _pending = waiter is null;
            return waiter;
        }
    }

    /// <summary>Ends the current and every later wait (they return false). Idempotent.</summary>
    public void Close()
    {
        TaskCompletionSource<bool>? waiter;
        lock (_lock)
        {
            _closed = true;
            _batch = null;
            waiter = _waiter;
            _waiter = null;
        }
        if (waiter is not null)
        {
            // Called from the deadline timer, a token's cancellation or shutdown: the continuation must not run there.
            ThreadPool.UnsafeQueueUserWorkItem(static w => w.TrySetResult(false), waiter, preferLocal: false);
        }
    }

    /// <summary>Waits for a wake-up: true when woken, false once closed. One waiter at a time.</summary>
    public Task<bool> WaitAsync()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return Ended;
            }
            if (_pending)
            {
                _pending = false;
                return Woken;
            }
            // Without RunContinuationsAsynchronously: Wake runs the continuation inline on purpose; Notify and Close
            // queue the completion to the thread pool themselves.
            _waiter = new TaskCompletionSource<bool>();
            return _waiter.Task;
        }
    }

    /// <summary>The batch the last wake-up brought, if any; taken once.</summary>
    public BusBatch? TakeBatch()
    {
        lock (_lock)
        {
            var batch = _batch;
            _batch = null;
            return batch;
        }
    }

    public void Dispose()
    {
        Close();
        _unsubscribe(this);
    }
}
