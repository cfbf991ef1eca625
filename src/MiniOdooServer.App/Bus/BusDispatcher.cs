using Microsoft.Extensions.Logging;

namespace MiniOdooServer.App.Bus;

/// <summary>
/// Odoo's ImDispatch, in the process that serves long-polls and websockets: one listener hears that some process sent
/// (SQLite datagram or PostgreSQL NOTIFY), one scan reads which channels got messages since the last scan, and only
/// the subscriptions of those channels are woken — at once, no polling delay — each handed the scan's messages
/// (<see cref="BusBatch"/>), so a broadcast needs no store query per subscriber and is serialized once. It also answers
/// long-polls, collects old messages, and on shutdown ends every wait so that long-polls answer and websockets close
/// with 1001.
/// </summary>
public sealed partial class BusDispatcher : IAsyncDisposable
{
    /// <summary>Rows read per query; a client with more to catch up gets the rest on its next read.</summary>
    public const int BatchSize = 1000;

    /// <summary>How late a poll timeout or a websocket lifetime may end (one shared timer for all of them).</summary>
    public static readonly TimeSpan DeadlineResolution = TimeSpan.FromMilliseconds(250);

    private readonly IBusStore _store;
    private readonly BusTimings _timings;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Dictionary<string, HashSet<BusSubscription>> _byChannel = new(StringComparer.Ordinal);
    private readonly HashSet<BusSubscription> _all = [];
    private readonly object _lock = new();
    private readonly SemaphoreSlim _scanNeeded = new(0, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SharedFetches _sharedFetches = new();
    private readonly TimerWheel _deadlines;
    private readonly Action<BusSubscription> _unsubscribe;
    private Task _loops = Task.CompletedTask;
    private readonly bool _collectOnTimer;
    private long _lastScanned;
    private long _wakeGeneration;

    /// <param name="collectOnTimer">
    /// Collect old messages on <see cref="BusTimings.GcInterval"/> here; false when a <c>bus.gc</c> cron job of this
    /// server does it (Odoo collects in a cron job only; without one, messages would pile up forever).
    /// </param>
    public BusDispatcher(IBusStore store, BusTimings timings, TimeSpan retention, TimeProvider time, ILogger log, bool collectOnTimer = true)
    {
        _collectOnTimer = collectOnTimer;
        _store = store;
        _timings = timings;
        _retention = retention;
        _time = time;
        _log = log;
        _deadlines = new TimerWheel(time, DeadlineResolution);
        _unsubscribe = Unsubscribe; // one delegate for every subscription, not one each
    }

    public IBusStore Store => _store;

    public BusTimings Timings => _timings;

    /// <summary>Cancelled once the process stops: waits end, long-polls answer, websockets close with 1001.</summary>
    public CancellationToken ShuttingDown => _shutdown.Token;

    /// <summary>Completes once the cross-process listener is established (for tests and the startup log).</summary>
    public Task Listening => _listening.Task;

    /// <summary>The one timer of every poll timeout and websocket lifetime in this process.</summary>
    public TimerWheel Deadlines => _deadlines;

    /// <summary>Subscriptions alive now (one per waiting long-poll or open websocket).</summary>
    public int Subscribers
    {
        get
        {
            lock (_lock)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>Starts listening and collecting; never throws: a store that is down is retried by the listener.</summary>
    public void Start()
    {
        _loops = _collectOnTimer
            ? Task.WhenAll(Task.Run(ListenLoopAsync), Task.Run(ScanLoopAsync), Task.Run(CollectLoopAsync))
            : Task.WhenAll(Task.Run(ListenLoopAsync), Task.Run(ScanLoopAsync));
    }

    /// <summary>Ends every wait: pending long-polls answer, websockets close with 1001. Idempotent.</summary>
    public void Shutdown()
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }
        _shutdown.Cancel();
        // After the cancel: a subscription added later sees it and closes itself (Subscribe).
        BusSubscription[] open;
        lock (_lock)
        {
            open = [.. _all];
        }
        foreach (var subscription in open)
        {
            subscription.Close();
        }
    }

    /// <summary>A new subscription; closed at once when the process is stopping.</summary>
    public BusSubscription Subscribe(IReadOnlyCollection<string> channels)
    {
        var subscription = new BusSubscription([], _unsubscribe);
        bool stopping;
        lock (_lock)
        {
            _all.Add(subscription);
            stopping = _shutdown.IsCancellationRequested;
        }
        Resubscribe(subscription, channels);
        if (stopping)
        {
            subscription.Close();
        }
        return subscription;
    }

    /// <summary>Replaces the channels of a subscription (a websocket's new subscribe event).</summary>
    public void Resubscribe(BusSubscription subscription, IReadOnlyCollection<string> channels)
    {
        lock (_lock)
        {
            Remove(subscription);
            subscription.Channels = channels.Distinct(StringComparer.Ordinal).ToArray();
            foreach (var channel in subscription.Channels)
            {
                if (!_byChannel.TryGetValue(channel, out var set))
                {
                    _byChannel[channel] = set = [];
                }
                set.Add(subscription);
            }
        }
    }

    /// <summary>
    /// A long-poll: messages of <paramref name="channels"/> newer than <paramref name="last"/> at once if there are
    /// any, else the first ones sent within the poll timeout, else an empty list (also at shutdown).
    /// </summary>
    public Task<BusDelivery> PollAsync(IReadOnlyCollection<string> channels, long last, CancellationToken aborted) =>
        // Subscribed before the first read: a message sent between the read and the wait still wakes it. The wait
        // keeps the subscription's own copy of the channels, not the caller's list: thousands of polls wait at once.
        WaitForMessagesAsync(Subscribe(channels), last, aborted);

    private async Task<BusDelivery> WaitForMessagesAsync(BusSubscription subscription, long last, CancellationToken aborted)
    {
        using (subscription)
        {
            // The timeout, the client leaving and the server stopping all end the wait the same way: by closing it.
            using var timeout = _deadlines.Schedule(_timings.PollTimeout, static s => ((BusSubscription)s!).Close(), subscription);
            var channels = subscription.Channels;
            BusDelivery found;
            try
            {
                // A last above the bus's last id comes from a bus that was reset (its file deleted): start again from 0.
                if (last > 0 && last > await _store.LastIdAsync(aborted))
                {
                    last = 0;
                }
                found = await FetchAsync(channels, last, aborted);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                return BusDelivery.Empty;
            }
            if (found.Count > 0)
            {
                return found;
            }
            // Registered after the reads above, which each borrowed and gave back a registration of the same token: this
            // one takes that back, so a waiting poll leaves no spare one behind (80 bytes each, 10,000 polls).
            using var onAborted = aborted.UnsafeRegister(static s => ((BusSubscription)s!).Close(), subscription);
            while (await subscription.WaitAsync())
            {
                found = subscription.TakeBatch()?.DeliveryFor(channels, last) ?? await FetchAsync(channels, last, aborted);
                if (found.Count > 0)
                {
                    return found;
                }
            }
            return found;
        }
    }

    /// <summary>
    /// Messages after <paramref name="last"/>; with <c>last = 0</c> only the recent ones (Odoo's _poll), so a first
    /// poll is not flooded with the whole retained history. Returns an empty list when cancelled.
    /// </summary>
    public async Task<BusDelivery> FetchAsync(IReadOnlyCollection<string> channels, long last, CancellationToken cancellationToken)
    {
        try
        {
            if (last == 0)
            {
                // The recent window moves with the clock: such reads are not shared.
                var recent = await _store.FetchAsync(channels, last, _time.GetUtcNow() - _timings.RecentWindow, BatchSize, cancellationToken);
                return recent.Count == 0 ? BusDelivery.Empty : new BusDelivery(recent);
            }
            // Shared with the readers woken by the same scan; it runs until done (or shutdown), each reader waits as long as it wants.
            var shared = _sharedFetches.RunAsync(Volatile.Read(ref _wakeGeneration), channels, last,
                () => _store.FetchAsync(channels, last, DateTimeOffset.UnixEpoch, BatchSize, _shutdown.Token));
            return await shared.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || _shutdown.IsCancellationRequested)
        {
            return BusDelivery.Empty;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Shutdown();
        try
        {
            await _loops;
        }
        catch (OperationCanceledException)
        {
        }
        _deadlines.Dispose();
        _shutdown.Dispose();
    }

    private void Unsubscribe(BusSubscription subscription)
    {
        lock (_lock)
        {
            Remove(subscription);
            _all.Remove(subscription);
        }
    }

    private void Remove(BusSubscription subscription)
    {
        foreach (var channel in subscription.Channels)
        {
            if (_byChannel.TryGetValue(channel, out var set) && set.Remove(subscription) && set.Count == 0)
            {
                _byChannel.Remove(channel);
            }
        }
    }

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
                    LogListening(_store.Description);
                }
                RequestScan();
            }, _shutdown.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            LogListenFailed(e.Message);
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
        while (!_shutdown.IsCancellationRequested)
        {
            try
            {
                await _scanNeeded.WaitAsync(_shutdown.Token);
                IReadOnlyList<BusNotification> rows;
                do
                {
                    rows = await _store.ScanAsync(_lastScanned, BatchSize, _shutdown.Token);
                    if (rows.Count == 0)
                    {
                        break;
                    }
                    var batch = new BusBatch(_lastScanned, rows);
                    _lastScanned = rows[^1].Id;
                    Wake(batch, rows.Select(r => r.Channel).Distinct(StringComparer.Ordinal));
                }
                while (rows.Count == BatchSize);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (BusUnavailableException e)
            {
                LogScanFailed(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, CancellationToken.None);
                RequestScan();
            }
        }
    }

    private void Wake(BusBatch batch, IEnumerable<string> channels)
    {
        lock (_lock)
        {
            // Before any reader is woken: its read then joins only a query started after this scan (SharedFetches).
            Interlocked.Increment(ref _wakeGeneration);
            foreach (var channel in channels)
            {
                if (_byChannel.TryGetValue(channel, out var set))
                {
                    foreach (var subscription in set)
                    {
                        subscription.Notify(batch);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Odoo's bus GC when no <c>bus.gc</c> cron job runs on this server: messages older than the retention are deleted
    /// on a timer in the listening process.
    /// </summary>
    private async Task CollectLoopAsync()
    {
        using var timer = new PeriodicTimer(_timings.GcInterval, _time);
        try
        {
            do
            {
                try
                {
                    var deleted = await _store.DeleteOlderThanAsync(_time.GetUtcNow() - _retention, _shutdown.Token);
                    if (deleted > 0)
                    {
                        LogCollected(deleted);
                    }
                }
                catch (BusUnavailableException e)
                {
                    LogScanFailed(e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(_shutdown.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<long> RetryAsync(Func<CancellationToken, Task<long>> read)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await read(_shutdown.Token);
            }
            catch (BusUnavailableException e)
            {
                LogScanFailed(e.Message);
                await Task.Delay(delay, _time, _shutdown.Token);
                delay = delay * 2 < TimeSpan.FromSeconds(30) ? delay * 2 : TimeSpan.FromSeconds(30);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Bus.loop listening on {Store}")]
    private partial void LogListening(string store);

    [LoggerMessage(2, LogLevel.Error, "Bus.loop error: {Reason}")]
    private partial void LogListenFailed(string reason);

    [LoggerMessage(3, LogLevel.Warning, "Bus.loop error, sleep and retry: {Reason}")]
    private partial void LogScanFailed(string reason);

    [LoggerMessage(4, LogLevel.Information, "Bus GC: {Count} message(s) past the retention deleted")]
    private partial void LogCollected(int count);
}
