using HdrHistogram;

namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// Folds access records into an <see cref="AccessLogSummary"/> one at a time, so the caller can replay or count the
/// same stream without reading the file twice. Memory is bounded: routes past <see cref="MaxRoutes"/> are pooled, the
/// service times go to a fixed-size histogram, windows and concurrency keep no per-request state.
/// Without a given window, the busiest-window figures use the widest of 1, 5, 10 and 60 s that cuts the log's span
/// into at least <see cref="MinWindows"/> windows: wide enough to smooth the noise of single seconds, narrow enough to
/// see a burst in a short log.
/// </summary>
internal sealed class AccessLogSummaryBuilder
{
    public const int MinWindows = 12;
    public const int TopRoutes = 10;
    public const int MaxRoutes = 10_000;
    public const string OtherRoutes = "(other routes)";

    // Microseconds, from 1 µs to ~28 h, 3 significant digits (0.1 % resolution).
    private readonly LongHistogram _service = new(100_000_000_000, 3);
    private readonly Dictionary<string, (long Requests, double Sql, double Python, long Queries)> _routes = [];
    private readonly WindowCounter _seconds = new(TimeSpan.FromSeconds(1));
    private readonly WindowCounter[] _windows;
    private readonly ConcurrencyTracker _concurrency = new();
    private long _requests;
    private long _queries;
    private double _sql;
    private double _python;
    private double _meanService;
    private double _m2Service;
    private double _maxService;
    private DateTime _first = DateTime.MaxValue;
    private DateTime _last = DateTime.MinValue;

    /// <param name="window">The width of the busiest window; null to choose it from the log's span.</param>
    public AccessLogSummaryBuilder(TimeSpan? window = null)
    {
        if (window is { } fixedWidth) ArgumentOutOfRangeException.ThrowIfLessThan(fixedWidth, TimeSpan.FromMilliseconds(1));
        _windows = window is { } width ? [new WindowCounter(width)]
            : [.. new[] { 1, 5, 10, 60 }.Select(s => new WindowCounter(TimeSpan.FromSeconds(s)))];
    }

    public void Add(AccessRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _requests++;
        _queries += record.Queries;
        _sql += record.SqlSeconds;
        _python += record.PythonSeconds;
        if (record.LoggedAtUtc < _first) _first = record.LoggedAtUtc;
        if (record.LoggedAtUtc > _last) _last = record.LoggedAtUtc;

        // Odoo computes the Python part as wall time minus SQL time: rounding can make it a hair negative.
        var service = Math.Max(0, record.ServiceSeconds);
        var delta = service - _meanService;
        _meanService += delta / _requests;
        _m2Service += delta * (service - _meanService);
        _maxService = Math.Max(_maxService, service);
        _service.RecordValue(Math.Clamp((long)Math.Round(service * 1e6), 1, _service.HighestTrackableValue));

        var route = _routes.Count < MaxRoutes || _routes.ContainsKey(record.Route) ? record.Route : OtherRoutes;
        var r = _routes.GetValueOrDefault(route);
        _routes[route] = (r.Requests + 1, r.Sql + record.SqlSeconds, r.Python + record.PythonSeconds, r.Queries + record.Queries);

        _seconds.Add(record.LoggedAtUtc, record.PythonSeconds, record.SqlSeconds);
        foreach (var counter in _windows) counter.Add(record.LoggedAtUtc, record.PythonSeconds, record.SqlSeconds);
        var start = record.StartUtc;
        _concurrency.Add(start <= record.LoggedAtUtc ? start : record.LoggedAtUtc, record.LoggedAtUtc);
    }

    public AccessLogSummary Build(LogReadTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (_requests == 0) throw new LogFormatException($"no Odoo access lines ({tally.Describe()})");
        _seconds.Finish();
        foreach (var counter in _windows) counter.Finish();
        _concurrency.Finish();
        var span = (_last - _first).TotalSeconds;
        var windows = _windows.LastOrDefault(w => span / w.Width.TotalSeconds >= MinWindows) ?? _windows[0];
        var top = _routes.Select(p => new RouteLoad(p.Key, p.Value.Requests, p.Value.Sql, p.Value.Python, p.Value.Queries))
            .OrderByDescending(r => r.PythonSeconds).ThenBy(r => r.Route, StringComparer.Ordinal).Take(TopRoutes).ToArray();
        return new AccessLogSummary
        {
            Tally = tally,
            Requests = _requests,
            FirstUtc = _first,
            LastUtc = _last,
            PeakPerSecond = _seconds.PeakRequests,
            PeakSecondAt = _seconds.PeakRequestsAt,
            Window = windows.Width,
            PeakWindowRequests = windows.PeakRequests,
            PeakWindowAt = windows.PeakRequestsAt,
            PeakWindowPythonSeconds = windows.PeakPythonSeconds,
            WindowGroups = windows.Groups.Values.OrderBy(g => g.Requests).ToArray(),
            TotalQueries = _queries,
            TotalSqlSeconds = _sql,
            TotalPythonSeconds = _python,
            HeaviestRoutes = top,
            DistinctRoutes = _routes.Count,
            PeakConcurrency = _concurrency.Peak,
            PeakConcurrencyAt = _concurrency.PeakAt,
            ConcurrencyOverTime = _concurrency.Series.ToArray(),
            ConcurrencyBucket = _concurrency.BucketWidth,
            ServiceTime = ServiceStats(),
        };
    }

    private ServiceTimeStats ServiceStats()
    {
        double At(double percentile) => _service.GetValueAtPercentile(percentile) / 1e6;
        var quantiles = Enumerable.Range(0, ServiceTimeStats.QuantileCount)
            .Select(i => At(100.0 * (i + 0.5) / ServiceTimeStats.QuantileCount)).ToArray();
        var variance = _requests > 1 ? _m2Service / _requests : 0;
        var scv = _meanService > 0 ? variance / (_meanService * _meanService) : 0;
        return new ServiceTimeStats(_meanService, scv, At(50), At(95), At(99), _maxService, quantiles,
            _python / _requests, _sql / _requests);
    }
}
