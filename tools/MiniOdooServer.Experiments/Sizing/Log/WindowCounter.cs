namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// Requests and Python seconds per fixed time window (aligned on the epoch), over a log read in logged order with its
/// small disorder (workers of a prefork server write their lines a few milliseconds apart): a window is closed once
/// the log is two windows past it. Keeps the busiest window and how many windows had each request count, nothing per
/// window: memory follows the number of distinct counts, not the log's length.
/// </summary>
internal sealed class WindowCounter(TimeSpan width)
{
    private readonly SortedDictionary<long, (int Requests, double Python)> _open = [];
    private readonly Dictionary<int, long> _windowsByCount = [];
    private long _newest = long.MinValue;

    public TimeSpan Width { get; } = width;

    public int PeakRequests { get; private set; }
    public DateTime PeakRequestsAt { get; private set; }
    public double PeakPythonSeconds { get; private set; }
    public DateTime PeakPythonAt { get; private set; }

    /// <summary>Request count → number of windows with that count (windows without a request are not counted).</summary>
    public IReadOnlyDictionary<int, long> WindowsByCount => _windowsByCount;

    public void Add(DateTime at, double pythonSeconds)
    {
        var key = at.Ticks / Width.Ticks;
        _open[key] = _open.TryGetValue(key, out var w) ? (w.Requests + 1, w.Python + pythonSeconds) : (1, pythonSeconds);
        if (key > _newest)
        {
            _newest = key;
            while (_open.Count > 0 && _open.First().Key < _newest - 2) Close(_open.First().Key);
        }
    }

    public void Finish()
    {
        while (_open.Count > 0) Close(_open.First().Key);
    }

    private void Close(long key)
    {
        var (requests, python) = _open[key];
        _open.Remove(key);
        var start = new DateTime(key * Width.Ticks, DateTimeKind.Utc);
        if (requests > PeakRequests) (PeakRequests, PeakRequestsAt) = (requests, start);
        if (python > PeakPythonSeconds) (PeakPythonSeconds, PeakPythonAt) = (python, start);
        _windowsByCount[requests] = _windowsByCount.GetValueOrDefault(requests) + 1;
    }
}
