using Microsoft.Extensions.Logging;

namespace MiniOdooServer.App.Bus;

/// <summary>
/// Odoo's ImDispatch loop: one listener hears that some process sent (SQLite datagram or PostgreSQL NOTIFY), one scan
/// reads which channels got messages since the last scan and wakes only their subscriptions, each handed the scan's
/// messages (<see cref="BusBatch"/>). Several notices while a scan runs make one more scan, not several.
/// </summary>
internal sealed class BusWakeUpLoop
{
    private readonly IBusStore _store;
    private readonly BusSubscriptionRegistry _subscriptions;
    private readonly BusReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationToken _shuttingDown;
    private readonly SemaphoreSlim _scanNeeded = new(0, 1);
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastScanned;

    public BusWakeUpLoop(
        IBusStore store, BusSubscriptionRegistry subscriptions, BusReader reader, TimeProvider time, ILogger log, CancellationToken shuttingDown)
    {
        _store = store;
        _subscriptions = subscriptions;
        _reader = reader;
        _time = time;
        _log = log;
        _shuttingDown = shuttingDown;
    }

    /// <summary>Completes once the cross-process listener is established.</summary>
    public Task Listening => _listening.Task;

    /// <summary>The listener and the scan, until shutdown; never throws but cancellation.</summary>
    public Task RunAsync() => Task.WhenAll(Task.Run(ListenLoopAsync), Task.Run(ScanLoopAsync));

    private async Task ListenLoopAsync()
    {
        try
        {
            // Read the high-water mark first: anything sent after it is found by the first scan.
            _lastScanned = await RetryAsync(_store.LastIdAsync);
            await _store.ListenAsync(RequestScan, () =>
            {
                if (_listening.TrySetResult())
                {
                    _log.Listening(_store.Description);
                }
                RequestScan();
            }, _shuttingDown);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _log.ListenFailed(e.Message);
        }
    }

    private void RequestScan()
    {
        try
        {
            _scanNeeded.Release();
        }
        catch (SemaphoreFullException)
        {
            // A scan is already pending; it will see this message too.
        }
    }

    /// <summary>Wakes the subscribers of every channel that got a message since the last scan.</summary>
    private async Task ScanLoopAsync()
    {
        while (!_shuttingDown.IsCancellationRequested)
        {
            try
            {
                await _scanNeeded.WaitAsync(_shuttingDown);
                IReadOnlyList<BusNotification> rows;
                do
                {
                    rows = await _store.ScanAsync(_lastScanned, BusDispatcher.BatchSize, _shuttingDown);
                    if (rows.Count == 0)
                    {
                        break;
                    }
                    var batch = new BusBatch(_lastScanned, rows);
                    _lastScanned = rows[^1].Id;
                    // Before any reader is woken: its read then joins only a query started after this scan (SharedFetches).
                    _reader.BeginWakeGeneration();
                    _subscriptions.Notify(batch, DistinctChannels(rows));
                }
                while (rows.Count == BusDispatcher.BatchSize);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (BusUnavailableException e)
            {
                _log.ScanFailed(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
                RequestScan();
            }
        }
    }

    private static List<string> DistinctChannels(IReadOnlyList<BusNotification> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var channels = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (seen.Add(rows[i].Channel))
            {
                channels.Add(rows[i].Channel);
            }
        }
        return channels;
    }

    private async Task<long> RetryAsync(Func<CancellationToken, Task<long>> read)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await read(_shuttingDown);
            }
            catch (BusUnavailableException e)
            {
                _log.ScanFailed(e.Message);
                await Task.Delay(delay, _time, _shuttingDown);
                delay = delay * 2 < TimeSpan.FromSeconds(30) ? delay * 2 : TimeSpan.FromSeconds(30);
            }
        }
    }
}
