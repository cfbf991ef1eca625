using Microsoft.Extensions.Logging;

namespace MiniOdooServer.App.Bus;

/// <summary>
/// Odoo's ImDispatch, in the process that serves long-polls and websockets: it answers long-polls and gives websockets
/// their subscriptions, reads and deadlines; a message sent by any process wakes only the subscriptions of its channels,
/// at once (<see cref="BusWakeUpLoop"/>), and readers woken together share one store query
/// (<see cref="BusReader"/>). It also collects old messages (<see cref="BusGarbageCollector"/>), and on shutdown ends
/// every wait so that long-polls answer and websockets close with 1001.
/// </summary>
public sealed class BusDispatcher : IAsyncDisposable
{
    /// <summary>Rows read per query; a client with more to catch up gets the rest on its next read.</summary>
    public const int BatchSize = 1000;

    /// <summary>
    /// A <c>last</c> that selects every retained message: Odoo's <c>id &gt; last</c> with a last below 1 other than the
    /// number 0 (which reads the recent window instead), such as -5 or the string "0".
    /// </summary>
    public const long AllRetained = -1;

    /// <summary>How late a poll timeout or a websocket lifetime may end (one shared timer for all of them).</summary>
    public static readonly TimeSpan DeadlineResolution = TimeSpan.FromMilliseconds(250);

    private readonly IBusStore _store;
    private readonly BusTimings _timings;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TimerWheel _deadlines;
    private readonly BusSubscriptionRegistry _subscriptions = new();
    private readonly BusReader _reader;
    private readonly BusWakeUpLoop _wakeUps;
    private readonly BusGarbageCollector? _collector;
    private Task _loops = Task.CompletedTask;
    private int _waitingPolls;

    /// <param name="collectOnTimer">
    /// Collect old messages on <see cref="BusTimings.GcInterval"/> here; false when a <c>bus.gc</c> cron job of this
    /// server does it (Odoo collects in a cron job only; without one, messages would pile up forever).
    /// </param>
    public BusDispatcher(IBusStore store, BusTimings timings, TimeSpan retention, TimeProvider time, ILogger log, bool collectOnTimer = true)
    {
        _store = store;
        _timings = timings;
        _deadlines = new TimerWheel(time, DeadlineResolution);
        _reader = new BusReader(store, timings, time, _shutdown.Token);
        _wakeUps = new BusWakeUpLoop(store, _subscriptions, _reader, time, log, _shutdown.Token);
        _collector = collectOnTimer ? new BusGarbageCollector(store, timings.GcInterval, retention, time, log) : null;
    }

    public IBusStore Store => _store;

    public BusTimings Timings => _timings;

    /// <summary>Cancelled once the process stops: waits end, long-polls answer, websockets close with 1001.</summary>
    public CancellationToken ShuttingDown => _shutdown.Token;

    /// <summary>Completes once the cross-process listener is established (for tests and the startup log).</summary>
    public Task Listening => _wakeUps.Listening;

    /// <summary>The one timer of every poll timeout and websocket lifetime in this process.</summary>
    public TimerWheel Deadlines => _deadlines;

    /// <summary>Subscriptions alive now (one per waiting long-poll or open websocket).</summary>
    public int Subscribers => _subscriptions.Count;

    /// <summary>Long-polls that found nothing and now wait for a message, the timeout or the shutdown.</summary>
    public int WaitingPolls => Volatile.Read(ref _waitingPolls);

    /// <summary>Starts listening and collecting; never throws: a store that is down is retried by the listener.</summary>
    public void Start()
    {
        _loops = _collector is { } collector
            ? Task.WhenAll(_wakeUps.RunAsync(), Task.Run(() => collector.RunAsync(_shutdown.Token)))
            : _wakeUps.RunAsync();
    }

    /// <summary>Ends every wait: pending long-polls answer, websockets close with 1001. Idempotent.</summary>
    public void Shutdown()
    {
        if (_shutdown.IsCancellationRequested)
        {
            return;
        }
        _shutdown.Cancel();
        // After the cancel; a subscription added later is closed at once (BusSubscriptionRegistry).
        _subscriptions.CloseAll();
    }

    /// <summary>A new subscription; closed at once when the process is stopping.</summary>
    public BusSubscription Subscribe(IReadOnlyCollection<string> channels) => _subscriptions.Add(channels);

    /// <summary>Replaces the channels of a subscription (a websocket's new subscribe event).</summary>
    public void Resubscribe(BusSubscription subscription, IReadOnlyCollection<string> channels) =>
        _subscriptions.Replace(subscription, channels);

    /// <summary>
    /// A long-poll: messages of <paramref name="channels"/> newer than <paramref name="last"/> at once if there are
    /// any, else the first ones sent within the poll timeout, else an empty list (also at shutdown). <c>last</c> 0
    /// reads the recent window, <see cref="AllRetained"/> every retained message; a <c>last</c> above the bus's newest
    /// id waits for the messages sent from now on.
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
                // Odoo 15 selects id > last and waits when nothing matches. A last above the newest id comes from before a
                // reset of the bus: read as the newest id, the poll still waits, and then gets the next messages, which
                // Odoo would skip until the new ids passed the old last (docs/long-polling.md).
                if (last > 0)
                {
                    var newest = await _store.LastIdAsync(aborted);
                    if (last > newest)
                    {
                        last = newest > 0 ? newest : AllRetained;
                    }
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
            // one takes that back, so a waiting poll leaves no spare one behind (thousands of polls wait at once).
            using var onAborted = aborted.UnsafeRegister(static s => ((BusSubscription)s!).Close(), subscription);
            Interlocked.Increment(ref _waitingPolls);
            try
            {
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
            finally
            {
                Interlocked.Decrement(ref _waitingPolls);
            }
        }
    }

    /// <inheritdoc cref="BusReader.FetchAsync"/>
    public Task<BusDelivery> FetchAsync(IReadOnlyCollection<string> channels, long last, CancellationToken cancellationToken) =>
        _reader.FetchAsync(channels, last, cancellationToken);

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
}
