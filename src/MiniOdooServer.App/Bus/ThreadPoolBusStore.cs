namespace MiniOdooServer.App.Bus;

/// <summary>
/// Runs every call of the store on the thread pool. Where the socket transport runs request code inline on the thread
/// that completed the socket operation (the longpolling worker, <see cref="Http.HttpServerSettings.InlineSocketScheduling"/>),
/// a store whose "async" calls block (Microsoft.Data.Sqlite's are synchronous) must not hold that thread.
/// </summary>
internal sealed class ThreadPoolBusStore(IBusStore inner) : IBusStore
{
    public string Description => inner.Description;

    public Task<long> SendAsync(string channel, string message, CancellationToken cancellationToken) =>
        Task.Run(() => inner.SendAsync(channel, message, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<BusNotification>> FetchAsync(
        IReadOnlyCollection<string> channels, long after, DateTimeOffset createdSince, int limit, CancellationToken cancellationToken) =>
        Task.Run(() => inner.FetchAsync(channels, after, createdSince, limit, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<BusNotification>> ScanAsync(long after, int limit, CancellationToken cancellationToken) =>
        Task.Run(() => inner.ScanAsync(after, limit, cancellationToken), cancellationToken);

    public Task<long> LastIdAsync(CancellationToken cancellationToken) =>
        Task.Run(() => inner.LastIdAsync(cancellationToken), cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        Task.Run(() => inner.DeleteOlderThanAsync(cutoff, cancellationToken), cancellationToken);

    public Task ListenAsync(Action woken, Action listening, CancellationToken cancellationToken) =>
        Task.Run(() => inner.ListenAsync(woken, listening, cancellationToken), cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
