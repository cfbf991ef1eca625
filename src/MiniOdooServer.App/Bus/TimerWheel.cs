namespace MiniOdooServer.App.Bus;

/// <summary>
/// One timer for thousands of deadlines: a long-poll's 50 s timeout and a websocket's lifetime. A timer (or a
/// <see cref="CancellationTokenSource"/> with a delay) per connection costs a few hundred bytes each for as long as the
/// connection idles, and a broadcast must not wait behind them. Deadlines are kept in buckets of
/// <see cref="Resolution"/>; one periodic tick runs those that are due. A callback never runs before its deadline and
/// at most one resolution (plus the tick's own lateness) after it. Callbacks run on the tick's thread: they must be
/// quick and must not throw (they only signal).
/// </summary>
public sealed class TimerWheel : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Dictionary<long, HashSet<TimerWheelEntry>> _buckets = new();
    private readonly object _lock = new();
    private ITimer? _timer;
    private long _nextSlot;
    private bool _disposed;

    public TimerWheel(TimeProvider time, TimeSpan resolution)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(resolution, TimeSpan.Zero);
        _time = time;
        Resolution = resolution;
        _origin = time.GetTimestamp();
    }

    public TimeSpan Resolution { get; }

    /// <summary>Deadlines scheduled and not yet run or cancelled (for tests).</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _buckets.Values.Sum(bucket => bucket.Count);
            }
        }
    }

    /// <summary>Runs <paramref name="callback"/> once <paramref name="dueIn"/> has passed, unless the entry is disposed first.</summary>
    public TimerWheelEntry Schedule(TimeSpan dueIn, Action<object?> callback, object? state)
    {
        var entry = new TimerWheelEntry(this, callback, state);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var elapsed = _time.GetElapsedTime(_origin);
            // Rounded up: the slot's tick comes at or after the deadline, never before.
            entry.Slot = Math.Max(_nextSlot, (long)Math.Ceiling((elapsed + dueIn).Ticks / (double)Resolution.Ticks));
            if (!_buckets.TryGetValue(entry.Slot, out var bucket))
            {
                _buckets[entry.Slot] = bucket = [];
            }
            bucket.Add(entry);
            _timer ??= _time.CreateTimer(static wheel => ((TimerWheel)wheel!).Tick(), this, Resolution, Resolution);
        }
        return entry;
    }

    internal void Cancel(TimerWheelEntry entry)
    {
        lock (_lock)
        {
            if (_buckets.TryGetValue(entry.Slot, out var bucket) && bucket.Remove(entry) && bucket.Count == 0)
            {
                _buckets.Remove(entry.Slot);
            }
        }
    }

    /// <summary>Runs every deadline whose slot has come (also called by tests after advancing a fake clock).</summary>
    internal void Tick()
    {
        List<TimerWheelEntry>? due = null;
        lock (_lock)
        {
            var now = _time.GetElapsedTime(_origin).Ticks / Resolution.Ticks;
            for (; _nextSlot <= now; _nextSlot++)
            {
                if (_buckets.Remove(_nextSlot, out var bucket))
                {
                    (due ??= []).AddRange(bucket);
                }
            }
        }
        if (due is null)
        {
            return;
        }
        foreach (var entry in due)
        {
            entry.Run();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _buckets.Clear();
        }
        _timer?.Dispose();
    }
}
