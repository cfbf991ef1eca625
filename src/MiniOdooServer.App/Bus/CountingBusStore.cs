using MiniOdooServer.App.Monitoring;

namespace MiniOdooServer.App.Bus;

/// <summary>Counts every message a process publishes (for /metrics), whichever route publishes it; the rest passes through.</summary>
internal sealed class CountingBusStore(IBusStore inner, IRequestCounters counters) : IBusStore
{
    public string Description => inner.Description;

    public async Task<long> SendAsync(string channel, string message, CancellationToken cancellationToken)
    {
        var id = await inner.SendAsync(channel, message, cancellationToken);
        counters.BusMessagePublished();
        return id;
    }

    public Task<IReadOnlyList<BusNotification>> FetchAsync(
        IReadOnlyCollection<string> channels, long after, DateTimeOffset createdSince, int limit, CancellationToken cancellationToken) =>
        inner.FetchAsync(channels, after, createdSince, limit, cancellationToken);

    public Task<IReadOnlyList<BusNotification>> ScanAsync(long after, int limit, CancellationToken cancellationToken) =>
        inner.ScanAsync(after, limit, cancellationToken);

    public Task<long> LastIdAsync(CancellationToken cancellationToken) => inner.LastIdAsync(cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        inner.DeleteOlderThanAsync(cutoff, cancellationToken);

    public Task ListenAsync(Action woken, Action listening, CancellationToken cancellationToken) =>
        inner.ListenAsync(woken, listening, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
