namespace MiniOdooServer.App.Bus;

/// <summary>
/// The dispatcher's reads of the store: the recent window for a first read, else a read shared with every reader
/// woken by the same scan (<see cref="SharedFetches"/>). The scan opens a new generation before it wakes anyone, so a
/// woken reader joins only a query started after the scan that woke it.
/// </summary>
internal sealed class BusReader
{
    private readonly IBusStore _store;
    private readonly BusTimings _timings;
    private readonly TimeProvider _time;
    private readonly CancellationToken _shuttingDown;
    private readonly SharedFetches _sharedFetches = new();
    private long _wakeGeneration;

    public BusReader(IBusStore store, BusTimings timings, TimeProvider time, CancellationToken shuttingDown)
    {
        _store = store;
        _timings = timings;
        _time = time;
        _shuttingDown = shuttingDown;
    }

    /// <summary>Called by the scan before it wakes any reader.</summary>
    public void BeginWakeGeneration() => Interlocked.Increment(ref _wakeGeneration);

    /// <summary>
    /// Messages after <paramref name="last"/>; with <c>last = 0</c> only the recent ones (Odoo's _poll), so a first
    /// poll is not flooded with the whole retained history; a negative last (<see cref="BusDispatcher.AllRetained"/>)
    /// reads them all. Returns an empty list when cancelled.
    /// </summary>
    public async Task<BusDelivery> FetchAsync(IReadOnlyCollection<string> channels, long last, CancellationToken cancellationToken)
    {
        try
        {
            if (last == 0)
            {
                // The recent window moves with the clock: such reads are not shared.
                var recent = await _store.FetchAsync(channels, last, _time.GetUtcNow() - _timings.RecentWindow, BusDispatcher.BatchSize, cancellationToken);
                return recent.Count == 0 ? BusDelivery.Empty : new BusDelivery(recent);
            }
            // Shared with the readers woken by the same scan; it runs until done (or shutdown), each reader waits as long as it wants.
            var shared = _sharedFetches.RunAsync(Volatile.Read(ref _wakeGeneration), channels, last,
                () => _store.FetchAsync(channels, last, DateTimeOffset.UnixEpoch, BusDispatcher.BatchSize, _shuttingDown));
            return await shared.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || _shuttingDown.IsCancellationRequested)
        {
            return BusDelivery.Empty;
        }
    }
}
