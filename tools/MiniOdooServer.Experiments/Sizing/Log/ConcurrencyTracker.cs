namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// Requests in progress over time, from each record's start..logged interval, in a single pass over a log in logged
/// order. Starts are sorted through a heap that holds only the requests of the last longest-request window, so memory
/// follows rate × longest request, not the file's length. A request longer than every earlier one is logged after
/// shorter ones that started later; its start is then counted when it is seen (the concurrency just before may read
/// low by one for that moment). Also keeps the peak per time bucket in at most <see cref="MaxPoints"/> buckets,
/// doubling their width as the log goes on, for the concurrency-over-time chart.
/// </summary>
internal sealed class ConcurrencyTracker
{
    public const int MaxPoints = 2048;

    private readonly PriorityQueue<DateTime, DateTime> _pendingStarts = new(); // element: end, priority: start
    private readonly PriorityQueue<DateTime, DateTime> _activeEnds = new();
    private readonly List<(DateTime Start, int Peak)> _series = [];
    private TimeSpan _longest;
    private DateTime _swept = DateTime.MinValue;
    private TimeSpan _bucket = TimeSpan.FromSeconds(1);

    public int Peak { get; private set; }
    public DateTime PeakAt { get; private set; }

    /// <summary>Width of one point of <see cref="Series"/>.</summary>
    public TimeSpan BucketWidth => _bucket;

    /// <summary>The highest concurrency in each bucket (buckets without a request start are absent).</summary>
    public IReadOnlyList<(DateTime Start, int Peak)> Series => _series;

    public void Add(DateTime start, DateTime end)
    {
        if (end - start > _longest) _longest = end - start;
        _pendingStarts.Enqueue(end, start);
        // No request yet to be read can start before (its end ≥ this end, roughly) − the longest request so far.
        Sweep(end - _longest);
    }

    public void Finish() => Sweep(DateTime.MaxValue);

    private void Sweep(DateTime upTo)
    {
        while (_pendingStarts.TryPeek(out var end, out var start) && start <= upTo)
        {
            _pendingStarts.Dequeue();
            if (start < _swept) start = _swept;
            _swept = start;
            while (_activeEnds.TryPeek(out _, out var activeEnd) && activeEnd <= start) _activeEnds.Dequeue();
            _activeEnds.Enqueue(end, end);
            Record(start, _activeEnds.Count);
        }
    }

    private void Record(DateTime at, int concurrency)
    {
        if (concurrency > Peak) (Peak, PeakAt) = (concurrency, at);
        var bucketStart = new DateTime(at.Ticks - (at.Ticks % _bucket.Ticks), at.Kind);
        if (_series.Count > 0 && _series[^1].Start == bucketStart)
        {
            if (concurrency > _series[^1].Peak) _series[^1] = (bucketStart, concurrency);
            return;
        }
        _series.Add((bucketStart, concurrency));
        if (_series.Count > MaxPoints) Coarsen();
    }

    private void Coarsen()
    {
        _bucket *= 2;
        var merged = _series
            .GroupBy(p => new DateTime(p.Start.Ticks - (p.Start.Ticks % _bucket.Ticks), p.Start.Kind))
            .Select(g => (g.Key, g.Max(p => p.Peak))).ToList();
        _series.Clear();
        _series.AddRange(merged);
    }
}
