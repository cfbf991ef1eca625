namespace MiniOdooServer.App.Bus;

/// <summary>
/// Identical reads running at the same time share one store query. A broadcast wakes thousands of subscribers of the
/// same channels at the same <c>last</c>; each used to run the same query, one after the other on the store, so the
/// last one was served a second later. The key includes the dispatcher's wake generation: a read joins only a query
/// started after the scan that woke it, so the shared answer always holds every message the reader was woken for.
/// The readers share one <see cref="BusDelivery"/>, so its JSON is also written once.
/// </summary>
internal sealed class SharedFetches
{
    private readonly Dictionary<(long Generation, long Last, string Channels), Task<BusDelivery>> _running = new();
    private readonly object _lock = new();

    /// <summary>How many queries are running now (for tests).</summary>
    public int Running
    {
        get
        {
            lock (_lock)
            {
                return _running.Count;
            }
        }
    }

    public Task<BusDelivery> RunAsync(
        long generation, IReadOnlyCollection<string> channels, long last, Func<Task<IReadOnlyList<BusNotification>>> fetch)
    {
        var key = (generation, last, string.Join('\n', channels.Order(StringComparer.Ordinal)));
        TaskCompletionSource<BusDelivery> started;
        lock (_lock)
        {
            if (_running.TryGetValue(key, out var running))
            {
                return running;
            }
            started = new TaskCompletionSource<BusDelivery>(TaskCreationOptions.RunContinuationsAsynchronously);
            _running[key] = started.Task;
        }
        _ = CompleteAsync(key, started, fetch);
        return started.Task;
    }

    private async Task CompleteAsync(
        (long, long, string) key, TaskCompletionSource<BusDelivery> started, Func<Task<IReadOnlyList<BusNotification>>> fetch)
    {
        IReadOnlyList<BusNotification>? found = null;
        Exception? failure = null;
        try
        {
            found = await fetch();
        }
        catch (Exception e)
        {
            failure = e;
        }
        // Removed before completing: a reader woken later must start a query of its own.
        lock (_lock)
        {
            _running.Remove(key);
        }
        if (failure is OperationCanceledException)
        {
            started.SetCanceled();
        }
        else if (failure is not null)
        {
            started.SetException(failure);
        }
        else
        {
            started.SetResult(found!.Count == 0 ? BusDelivery.Empty : new BusDelivery(found));
        }
    }
}
