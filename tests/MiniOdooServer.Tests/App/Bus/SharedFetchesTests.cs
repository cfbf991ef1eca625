using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

public sealed class SharedFetchesTests
{
    private static readonly IReadOnlyList<BusNotification> Found = [new BusNotification(8, "a", """{"type": "t", "payload": 1}""")];

    [Fact]
    public async Task ConcurrentReadsOfTheSameChannelsLastAndGenerationRunOneQuery()
    {
        var shared = new SharedFetches();
        var queries = 0;
        var release = new TaskCompletionSource<IReadOnlyList<BusNotification>>();
        Task<IReadOnlyList<BusNotification>> Query()
        {
            Interlocked.Increment(ref queries);
            return release.Task;
        }

        var first = shared.RunAsync(1, ["a", "broadcast"], 7, Query);
        var second = shared.RunAsync(1, ["broadcast", "a"], 7, Query); // same set, another order
        release.SetResult(Found);

        // One delivery for both: its JSON is written once too.
        Assert.Same(await first, await second);
        Assert.Equal(Found, await first);
        Assert.Equal(1, queries);
        Assert.Equal(0, shared.Running);
    }

    [Fact]
    public async Task AReadWokenByALaterScanOrWithAnotherLastOrChannelsRunsItsOwnQuery()
    {
        var shared = new SharedFetches();
        var queries = 0;
        var release = new TaskCompletionSource<IReadOnlyList<BusNotification>>();
        Task<IReadOnlyList<BusNotification>> Query()
        {
            Interlocked.Increment(ref queries);
            return release.Task;
        }

        var reads = new[]
        {
            shared.RunAsync(1, ["a"], 7, Query),
            shared.RunAsync(2, ["a"], 7, Query), // woken by a later scan: the first query may miss its message
            shared.RunAsync(1, ["a"], 8, Query),
            shared.RunAsync(1, ["b"], 7, Query),
        };
        release.SetResult(Found);
        await Task.WhenAll(reads);

        Assert.Equal(4, queries);
    }

    [Fact]
    public async Task AFinishedQueryIsNotReusedAndAFailureReachesEveryReader()
    {
        var shared = new SharedFetches();
        await shared.RunAsync(1, ["a"], 7, () => Task.FromResult(Found));
        var queries = 0;
        var failing = new TaskCompletionSource<IReadOnlyList<BusNotification>>();
        Task<IReadOnlyList<BusNotification>> Query()
        {
            Interlocked.Increment(ref queries);
            return failing.Task;
        }

        var first = shared.RunAsync(1, ["a"], 7, Query);
        var second = shared.RunAsync(1, ["a"], 7, Query);
        failing.SetException(new BusUnavailableException("down"));

        Assert.Equal(1, queries);
        await Assert.ThrowsAsync<BusUnavailableException>(() => first);
        await Assert.ThrowsAsync<BusUnavailableException>(() => second);
    }
}
