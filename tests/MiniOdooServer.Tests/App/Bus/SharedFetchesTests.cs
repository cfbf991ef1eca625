using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

public sealed class SharedFetchesTests
{
    private static readonly IReadOnlyList<BusNotification> Found = [new BusNotification(8, "a", """{"type": "t", "payload": 1}""")];

    [Fact]
    public async Task ConcurrentReadsOfTheSameChannelsLastAndGenerationRunOneQuery()
    {
        var shared = new SharedFetches();
        var query = new HeldQuery();

        var first = shared.RunAsync(1, ["a", "broadcast"], 7, query.RunAsync);
        var second = shared.RunAsync(1, ["broadcast", "a"], 7, query.RunAsync); // same set, another order
        query.Answer.SetResult(Found);

        // One delivery for both: its JSON is written once too.
        Assert.Same(await first, await second);
        Assert.Equal(Found, await first);
        Assert.Equal(1, query.Runs);
        Assert.Equal(0, shared.Running);
    }

    [Fact]
    public async Task AReadWokenByALaterScanOrWithAnotherLastOrChannelsRunsItsOwnQuery()
    {
        var shared = new SharedFetches();
        var query = new HeldQuery();

        var reads = new[]
        {
            shared.RunAsync(1, ["a"], 7, query.RunAsync),
            shared.RunAsync(2, ["a"], 7, query.RunAsync), // woken by a later scan: the first query may miss its message
            shared.RunAsync(1, ["a"], 8, query.RunAsync),
            shared.RunAsync(1, ["b"], 7, query.RunAsync),
        };
        query.Answer.SetResult(Found);
        await Task.WhenAll(reads);

        Assert.Equal(4, query.Runs);
    }

    [Fact]
    public async Task AFinishedQueryIsNotReusedAndAFailureReachesEveryReader()
    {
        var shared = new SharedFetches();
        await shared.RunAsync(1, ["a"], 7, () => Task.FromResult(Found));
        var query = new HeldQuery();

        var first = shared.RunAsync(1, ["a"], 7, query.RunAsync);
        var second = shared.RunAsync(1, ["a"], 7, query.RunAsync);
        query.Answer.SetException(new BusUnavailableException("down"));

        Assert.Equal(1, query.Runs);
        await Assert.ThrowsAsync<BusUnavailableException>(() => first);
        await Assert.ThrowsAsync<BusUnavailableException>(() => second);
    }

    /// <summary>A store query that counts its runs and answers when the test says so.</summary>
    private sealed class HeldQuery
    {
        private int _runs;

        public TaskCompletionSource<IReadOnlyList<BusNotification>> Answer { get; } = new();

        public int Runs => Volatile.Read(ref _runs);

        public Task<IReadOnlyList<BusNotification>> RunAsync()
        {
            Interlocked.Increment(ref _runs);
            return Answer.Task;
        }
    }
}
