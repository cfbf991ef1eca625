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
        TaskCompletionSource<bool>? waiter;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }
            // The latest batch only: an older one may not hold everything after the client's last id (BusBatch).
            _batch = batch;
            waiter = _waiter;
            _waiter = null;
            _pending = waiter is null;
        }
        // Outside the lock; the continuation runs on the thread pool (RunContinuationsAsynchronously).
        waiter?.TrySetResult(true);
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
        waiter?.TrySetResult(false);
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
            _waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
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
