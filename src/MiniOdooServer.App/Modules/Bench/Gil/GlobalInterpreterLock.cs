namespace MiniOdooServer.App.Modules.Bench.Gil;

/// <summary>
/// An emulation of CPython's global interpreter lock: one owner at a time per process; an owner that has held it for
/// the switch interval (CPython's <c>sys.getswitchinterval()</c>, 5 ms) hands it to the longest-waiting request at
/// its next check and queues behind the others. Hand-over is direct and first-in first-out, so the owner cannot grab
/// it straight back, as CPython's forced switching guarantees.
/// </summary>
/// <remarks>
/// Waiting is asynchronous on purpose: a Python thread blocked on the GIL costs an idle OS thread, and a waiter
/// blocking a thread-pool thread here would instead starve the pool and slow the I/O-bound requests that the
/// experiment is about. Waiting cannot be cancelled, as a Python thread's cannot.
/// </remarks>
internal sealed class GlobalInterpreterLock
{
    /// <summary>CPython's default switch interval (<c>sys.setswitchinterval(0.005)</c>).</summary>
    public static readonly TimeSpan DefaultSwitchInterval = TimeSpan.FromMilliseconds(5);

    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private bool _held;
    private long _heldSince;
    private long _handOvers;

    public GlobalInterpreterLock(TimeProvider time, TimeSpan switchInterval)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(switchInterval, TimeSpan.Zero);
        _time = time;
        SwitchInterval = switchInterval;
    }

    public TimeSpan SwitchInterval { get; }

    /// <summary>True while some request owns the lock.</summary>
    public bool IsHeld
    {
        get
        {
            lock (_gate)
            {
                return _held;
            }
        }
    }

    /// <summary>Requests queued for the lock.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>How many times ownership passed from one request to a waiting one.</summary>
    public long HandOvers => Interlocked.Read(ref _handOvers);

    /// <summary>Takes the lock: at once when it is free and nobody queues, else when it is handed over.</summary>
    public Task EnterAsync()
    {
        lock (_gate)
        {
            if (!_held)
            {
                TakeOwnership();
                return Task.CompletedTask;
            }
            var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(turn);
            return turn.Task;
        }
    }

    /// <summary>Gives the lock up: to the longest waiter when there is one (it becomes the owner), else free.</summary>
    public void Exit()
    {
        TaskCompletionSource? next;
        lock (_gate)
        {
            if (!_held)
            {
                throw new InvalidOperationException("the GIL is not held");
            }
            if (!_waiting.TryDequeue(out next))
            {
                _held = false;
                return;
            }
            TakeOwnership();
            Interlocked.Increment(ref _handOvers);
        }
        next.SetResult();
    }

    /// <summary>
    /// The owner's periodic check (CPython's eval-breaker): once the lock has been held for the switch interval and
    /// another request waits, hand it over and queue behind every waiter; otherwise go on at once.
    /// </summary>
    public Task YieldIfDueAsync()
    {
        TaskCompletionSource next;
        TaskCompletionSource turn;
        lock (_gate)
        {
            if (!_held)
            {
                throw new InvalidOperationException("the GIL is not held");
            }
            if (_waiting.Count == 0 || _time.GetElapsedTime(_heldSince) < SwitchInterval)
            {
                return Task.CompletedTask;
            }
            next = _waiting.Dequeue();
            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(turn);
            TakeOwnership();
            Interlocked.Increment(ref _handOvers);
        }
        next.SetResult();
        return turn.Task;
    }

    // The clock of the switch interval starts when ownership changes hands, as CPython's does.
    private void TakeOwnership()
    {
        _held = true;
        _heldSince = _time.GetTimestamp();
    }
}
