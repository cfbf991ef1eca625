using Microsoft.Extensions.Logging.Abstractions;
using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

/// <summary>
/// Long-poll semantics over a real SQLite store: at once, woken, not woken by another channel, shut down. The poll
/// timeout is 10 s, so an answer within 2 s is an answer that did not time out, even on a busy machine.
/// </summary>
public sealed class BusDispatcherTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("mini-odoo-dispatch-").FullName;
    private SqliteBusStore _store = null!;
    private SqliteBusStore _otherProcess = null!;
    private BusDispatcher _dispatcher = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteBusStore(_dataDir, TimeProvider.System);
        _otherProcess = new SqliteBusStore(_dataDir, TimeProvider.System);
        _dispatcher = new BusDispatcher(_store, new BusTimings { PollTimeout = TimeSpan.FromSeconds(10) },
            TimeSpan.FromDays(1), TimeProvider.System, NullLogger.Instance);
        _dispatcher.Start();
        await _dispatcher.Listening.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public async Task DisposeAsync()
    {
        await _dispatcher.DisposeAsync();
        await _store.DisposeAsync();
        await _otherProcess.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task APollWithMessagesAfterLastAnswersAtOnce()
    {
        var id = await _otherProcess.SendAsync("room", "{}", default);

        var found = await _dispatcher.PollAsync(["room"], id - 1, default).WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Equal([id], found.Select(n => n.Id));
    }

    [Fact]
    public async Task AWaitingPollIsWokenByASendFromAnotherProcess()
    {
        var last = await _otherProcess.SendAsync("warmup", "{}", default);
        var poll = _dispatcher.PollAsync(["room"], last, default);
        await Task.Delay(100);

        var id = await _otherProcess.SendAsync("room", "{}", default);
        var found = await poll.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Equal([id], found.Select(n => n.Id));
        Assert.Equal(0, _dispatcher.Subscribers);
    }

    [Fact]
    public async Task AMessageOnAnotherChannelDoesNotEndTheWait()
    {
        var last = await _otherProcess.SendAsync("warmup", "{}", default);
        var poll = _dispatcher.PollAsync(["room"], last, default);

        await _otherProcess.SendAsync("elsewhere", "{}", default);
        await Task.Delay(500);

        Assert.False(poll.IsCompleted, "a message on another channel answered the poll");
        _dispatcher.Shutdown();
        Assert.Empty(await poll.WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task APollWithNothingNewAnswersAnEmptyListAtThePollTimeout()
    {
        await using var quick = new BusDispatcher(_store, new BusTimings { PollTimeout = TimeSpan.FromMilliseconds(300) },
            TimeSpan.FromDays(1), TimeProvider.System, NullLogger.Instance);
        var last = await _otherProcess.SendAsync("warmup", "{}", default);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var found = await quick.PollAsync(["room"], last, default).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(found);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task AShutdownAnswersAWaitingPollAtOnceWithNothing()
    {
        var last = await _otherProcess.SendAsync("warmup", "{}", default);
        var poll = _dispatcher.PollAsync(["room"], last, default);
        await Task.Delay(100);

        _dispatcher.Shutdown();

        Assert.Empty(await poll.WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task ALastAboveTheNewestIdWaitsAndGetsTheNextMessageNotTheRecentOnes()
    {
        // As after a reset of the bus: the client's last is from before, the bus's ids start again below it.
        var recent = await _otherProcess.SendAsync("room", "{}", default);
        var poll = _dispatcher.PollAsync(["room"], recent + 1000, default);

        // Sent until one reaches the poll: the first may go out before the poll has read the newest id.
        // Paced, not timed: the loop ends when the poll answers, within a bound generous for a busy machine.
        var sent = new List<long>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!poll.IsCompleted && DateTime.UtcNow < deadline)
        {
            sent.Add(await _otherProcess.SendAsync("room", "{}", default));
            await Task.WhenAny(poll, Task.Delay(100));
        }
        var found = await poll.WaitAsync(TimeSpan.FromSeconds(20));

        var next = Assert.Single(found);
        Assert.NotEqual(recent, next.Id);
        Assert.Contains(next.Id, sent);
        Assert.True(next.Id < recent + 1000, "a message Odoo would skip: its id is not above the client's last");
    }
}
