namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// Requests and Python seconds per fixed time window (aligned on the epoch), over a log read in logged order with its
/// small disorder (workers of a prefork server write their lines a few milliseconds apart): a window is closed once
/// the log is two windows past it. Keeps the busiest window and how many windows had each request count, nothing per
/// window: memory follows the number of distinct counts, not the log's length.
/// </summary>
/// <remarks>The windows are grouped by request count: the traffic's phases, each at its own rate and mix.</remarks>
internal sealed class WindowCounter(TimeSpan width)
{
    private readonly SortedDictionary<long, (int Requests, double Python, double Sql)> _open = [];
    private readonly Dictionary<int, WindowGroup> _groups = [];
    private long _newest = long.MinValue;

    public TimeSpan Width { get; } = width;

    public int PeakRequests { get; private set; }
    public DateTime PeakRequestsAt { get; private set; }

    public double PeakPythonSeconds { get; private set; }
    public DateTime PeakPythonAt { get; private set; }

    /// <summary>Request count → the windows with that count and their work (windows without a request are absent).</summary>
    public IReadOnlyDictionary<int, WindowGroup> Groups => _groups;

    public void Add(DateTime at, double pythonSeconds, double sqlSeconds)
    {
        var key = at.Ticks / Width.Ticks;
        _open[key] = _open.TryGetValue(key, out var w)
            ? (w.Requests + 1, w.Python + pythonSeconds, w.Sql + sqlSeconds)
            : (1, pythonSeconds, sqlSeconds);
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
        var (requests, python, sql) = _open[key];
        _open.Remove(key);
        var start = new DateTime(key * Width.Ticks, DateTimeKind.Utc);
        if (requests > PeakRequests) (PeakRequests, PeakRequestsAt) = (requests, start);
        if (python > PeakPythonSeconds) (PeakPythonSeconds, PeakPythonAt) = (python, start);
        var group = _groups.GetValueOrDefault(requests) ?? new WindowGroup(requests, 0, 0, 0);
        _groups[requests] = group with { Windows = group.Windows + 1, PythonSeconds = group.PythonSeconds + python, SqlSeconds = group.SqlSeconds + sql };
    }
}

/// <summary>The <paramref name="Windows"/> windows that each held <paramref name="Requests"/> requests, and their total work.</summary>
internal sealed record WindowGroup(int Requests, long Windows, double PythonSeconds, double SqlSeconds)
{
    /// <summary>Python seconds per request in these windows.</summary>
    public double PythonPerRequest => PythonSeconds / ((double)Requests * Windows);

    /// <summary>SQL + Python seconds per request in these windows.</summary>
    public double ServicePerRequest => (PythonSeconds + SqlSeconds) / ((double)Requests * Windows);
}
