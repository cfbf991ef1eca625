using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

/// <summary>
/// The longpolling worker's transport runs request code inline on the thread that completed a socket operation: a
/// store call that blocks (SQLite's are synchronous) must run on the thread pool and leave the caller's thread at once.
/// </summary>
public sealed class ThreadPoolBusStoreTests
{
    [Fact]
    public async Task ACallThatBlocksRunsOnThePoolAndLeavesTheCallerAtOnce()
    {
        using var release = new ManualResetEventSlim();
        var inner = new BlockingStore(release);
        var store = new ThreadPoolBusStore(inner);

        var lastId = store.LastIdAsync(default); // would block this thread if called inline

        Assert.False(lastId.IsCompleted);
        Assert.True(inner.Entered.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(inner.RanOnPoolThread);
        release.Set();
        Assert.Equal(42, await lastId.Within());
    }

    [Fact]
    public async Task ResultsAndTheStoresErrorsPassThrough()
    {
        using var release = new ManualResetEventSlim(initialState: true);
        var store = new ThreadPoolBusStore(new BlockingStore(release));

        Assert.Equal(7, await store.SendAsync("room", "{}", default));
        Assert.Equal([new BusNotification(8, "room", "{}")], await store.FetchAsync(["room"], 7, DateTimeOffset.UnixEpoch, 10, default));
        Assert.Equal("blocking", store.Description);
        await Assert.ThrowsAsync<BusUnavailableException>(() => store.ScanAsync(0, 10, default));
    }

    private sealed class BlockingStore(ManualResetEventSlim release) : IBusStore
    {
        public ManualResetEventSlim Entered { get; } = new();

        public bool RanOnPoolThread { get; private set; }

        public string Description => "blocking";

        public Task<long> LastIdAsync(CancellationToken cancellationToken)
        {
            RanOnPoolThread = Thread.CurrentThread.IsThreadPoolThread;
            Entered.Set();
            release.Wait(cancellationToken); // synchronous, like Microsoft.Data.Sqlite's "async" calls
            return Task.FromResult(42L);
        }

        public Task<long> SendAsync(string channel, string message, CancellationToken cancellationToken) => Task.FromResult(7L);

        public Task<IReadOnlyList<BusNotification>> FetchAsync(
            IReadOnlyCollection<string> channels, long after, DateTimeOffset createdSince, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BusNotification>>([new BusNotification(8, "room", "{}")]);

        public Task<IReadOnlyList<BusNotification>> ScanAsync(long after, int limit, CancellationToken cancellationToken) =>
            throw new BusUnavailableException("down");

        public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task ListenAsync(Action woken, Action listening, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
