using Microsoft.Extensions.Logging.Abstractions;
using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

/// <summary>
/// Long-poll semantics over a real SQLite store: at once, woken, not woken by another channel, shut down. The poll
/// timeout (60 s) is beyond any test's wait, so an answer with a message, or an empty one after a shutdown, is never
/// the timeout's. A test acts once its poll waits (<see cref="BusDispatcher.WaitingPolls"/>), never after a sleep.
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
        _dispatcher = new BusDispatcher(_store, new BusTimings { PollTimeout = TimeSpan.FromSeconds(60) },
            TimeSpan.FromDays(1), TimeProvider.System, NullLogger.Instance);
        _dispatcher.Start();
        await _dispatcher.Listening.Within();
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

        var found = await _dispatcher.PollAsync(["room"], id - 1, default).Within();

        Assert.Equal([id], found.Select(n => n.Id));
        Assert.Equal(0, _dispatcher.WaitingPolls);
    }

    [Fact]
    public async Task APollIsCountedAsWaitingFromItsEmptyReadUntilItIsAnswered()
    {
        var last = await _otherProcess.SendAsync("warmup", "{}", default);
        var poll = _dispatcher.PollAsync(["room"], last, default);
        await Wait.UntilAsync(() => _dispatcher.WaitingPolls == 1);

        await _otherProcess.SendAsync("room", "{}", default);
        await poll.Within();

        Assert.Equal(0, _dispatcher.WaitingPolls);
    }

    [Fact]
    public async Task AWaitingPollIsWokenByASendFromAnotherProcess()
    {
        var last = await _otherProcess.SendAsync("warmup", "{}", default);
        var poll = _dispatcher.PollAsync(["room"], last, default);
        await Wait.UntilAsync(() => _dispatcher.WaitingPolls == 1);

        var id = await _otherProcess.SendAsync("room", "{}", default);
        var found = await poll.Within();

        Assert.Equal([id], found.Select(n => n.Id));
        Assert.Equal(0, _dispatcher.Subscribers);
    }

    [Fact]
    public async Task AMessageOnAnotherChannelDoesNotEndTheWait()
    {
        var last = await _otherProcess.SendAsync("warmup", "{}", default);
        var poll = _dispatcher.PollAsync(["room"], last, default);
        // A witness on the other channel: once it is answered, the message has been through the dispatcher.
        var witness = _dispatcher.PollAsync(["elsewhere"], last, default);
        await Wait.UntilAsync(() => _dispatcher.WaitingPolls == 2);

        await _otherProcess.SendAsync("elsewhere", "{}", default);
        Assert.Single(await witness.Within());

        Assert.False(poll.IsCompleted, "a message on another channel answered the poll");
        Assert.Equal(1, _dispatcher.WaitingPolls);
        _dispatcher.Shutdown();
        Assert.Empty(await poll.Within());
    }

    [Fact]
    public async Task APollWithNothingNewAnswersAnEmptyListAtThePollTimeout()
    {
        await using var quick = new BusDispatcher(_store, new BusTimings { PollTimeout = TimeSpan.FromMilliseconds(300) },
            TimeSpan.FromDays(1), TimeProvider.System, NullLogger.Instance);
        var last = await _otherProcess.SendAsync("warmup", "{}", default);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var found = await quick.PollAsync(["room"], last, default).Within();

        Assert.Empty(found);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task AShutdownAnswersAWaitingPollAtOnceWithNothing()
    {
        var last = await _otherProcess.SendAsync("warmup", "{}", default);
        var poll = _dispatcher.PollAsync(["room"], last, default);
        await Wait.UntilAsync(() => _dispatcher.WaitingPolls == 1);

        _dispatcher.Shutdown();

        Assert.Empty(await poll.Within());
    }

    [Fact]
    public async Task ALastAboveTheNewestIdWaitsAndGetsTheNextMessageNotTheRecentOnes()
    {
        // As after a reset of the bus: the client's last is from before, the bus's ids start again below it.
        var recent = await _otherProcess.SendAsync("room", "{}", default);
        var poll = _dispatcher.PollAsync(["room"], recent + 1000, default);
        // Waiting: it has read the newest id, so the next message is the one it must get.
        await Wait.UntilAsync(() => _dispatcher.WaitingPolls == 1);

        var sent = await _otherProcess.SendAsync("room", "{}", default);
        var found = await poll.Within();

        Assert.Equal([sent], found.Select(n => n.Id));
        Assert.True(sent < recent + 1000, "a message Odoo would skip: its id is not above the client's last");
    }
}
