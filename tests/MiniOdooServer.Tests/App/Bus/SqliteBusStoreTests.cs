using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Bus;

namespace MiniOdooServer.Tests.App.Bus;

/// <summary>The embedded store: ids, order, channels, garbage collection, and the wake-up between processes.</summary>
public sealed class SqliteBusStoreTests : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("mini-odoo-bus-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-25T10:00:00Z"));
    private SqliteBusStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new SqliteBusStore(_dataDir, _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task IdsIncreaseAndAFetchReturnsTheChannelsMessagesAfterLastInOrder()
    {
        var a = await _store.SendAsync("room", """{"type":"t","payload":1}""", default);
        await _store.SendAsync("other", """{"type":"t","payload":2}""", default);
        var c = await _store.SendAsync("room", """{"type":"t","payload":3}""", default);
        var d = await _store.SendAsync("room", """{"type":"t","payload":4}""", default);

        var found = await _store.FetchAsync(["room"], a, DateTimeOffset.UnixEpoch, 100, default);

        Assert.True(a < c && c < d);
        Assert.Equal([c, d], found.Select(n => n.Id));
        Assert.Equal("""{"type":"t","payload":3}""", found[0].Message);
        Assert.Equal(d, await _store.LastIdAsync(default));
    }

    [Fact]
    public async Task GarbageCollectionDeletesOldMessagesButIdsAreNeverReused()
    {
        await _store.SendAsync("room", "{}", default);
        var newest = await _store.SendAsync("room", "{}", default);
        _time.Advance(TimeSpan.FromHours(2));

        var deleted = await _store.DeleteOlderThanAsync(_time.GetUtcNow() - TimeSpan.FromHours(1), default);
        var next = await _store.SendAsync("room", "{}", default);

        Assert.Equal(2, deleted);
        Assert.Equal(newest + 1, next);
        Assert.Equal([next], (await _store.FetchAsync(["room"], 0, DateTimeOffset.UnixEpoch, 100, default)).Select(n => n.Id));
    }

    [Fact]
    public async Task AFetchWithASinceBoundLeavesOlderMessagesOut()
    {
        await _store.SendAsync("room", "{}", default);
        _time.Advance(TimeSpan.FromMinutes(5));
        var recent = await _store.SendAsync("room", "{}", default);

        var found = await _store.FetchAsync(["room"], 0, _time.GetUtcNow() - TimeSpan.FromSeconds(50), 100, default);

        Assert.Equal([recent], found.Select(n => n.Id));
    }

    [Fact]
    public async Task ASendInOneStoreWakesTheListenerOfAnotherOnTheSameDataDir()
    {
        // Two stores on one data_dir stand for two processes (an HTTP worker sending, the longpolling worker listening).
        await using var listener = new SqliteBusStore(_dataDir, _time);
        var woken = new SemaphoreSlim(0);
        var listening = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var loop = listener.ListenAsync(() => woken.Release(), () => listening.TrySetResult(), stop.Token);
        await listening.Task.Within();

        await _store.SendAsync("room", "{}", default);

        Assert.True(await woken.WaitAsync(Wait.DefaultTimeout), "the listener was not woken");
        await stop.CancelAsync();
        await loop;
        Assert.Empty(Directory.GetFiles(Path.Combine(_dataDir, "bus-wake")));
    }

    [Fact]
    public async Task ADataDirTooDeepForASocketPathStillWakesListeners()
    {
        var deep = Path.Combine(_dataDir, new string('d', 120));
        await using var sender = new SqliteBusStore(deep, _time);
        await using var listener = new SqliteBusStore(deep, _time);
        var woken = new SemaphoreSlim(0);
        var listening = new TaskCompletionSource();
        using var stop = new CancellationTokenSource();
        var loop = listener.ListenAsync(() => woken.Release(), () => listening.TrySetResult(), stop.Token);
        await listening.Task.Within();

        await sender.SendAsync("room", "{}", default);

        Assert.True(await woken.WaitAsync(Wait.DefaultTimeout), "the listener was not woken");
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task AListenerThatDiedWithoutCleaningUpIsForgottenBySenders()
    {
        var wakeDir = Path.Combine(_dataDir, "bus-wake");
        Directory.CreateDirectory(wakeDir);
        // A socket file nobody is bound to: what a SIGKILLed process leaves.
        using (var dead = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Unspecified))
        {
            dead.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(wakeDir, "999999.sock")));
        }

        await _store.SendAsync("room", "{}", default);

        Assert.False(File.Exists(Path.Combine(wakeDir, "999999.sock")));
    }
}
