using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Storage;
using Npgsql;

namespace MiniOdooServer.Tests.App.Storage;

/// <summary>
/// The shared stores' plumbing against a port nobody listens on: failures in the store's own type, and the LISTEN
/// loop's doubling delay. (The schema and LISTEN against a real server are covered by the PostgreSQL functional tests.)
/// </summary>
public sealed class PostgresDatabaseTests
{
    private readonly int _closedPort = ClosedPort();

    [Fact]
    public void TheDescriptionNamesHostPortAndDatabase()
    {
        var database = Create(new FakeTimeProvider());

        Assert.Equal($"PostgreSQL 127.0.0.1:{_closedPort}/odoo", database.Description);
    }

    [Fact]
    public async Task AnUnreachableServerBecomesTheStoresExceptionNamingTheDatabase()
    {
        await using var database = Create(new FakeTimeProvider());

        var failure = await Assert.ThrowsAsync<StoreDownException>(() => database.RunAsync(_ => Task.FromResult(0), CancellationToken.None));

        Assert.StartsWith($"test store PostgreSQL 127.0.0.1:{_closedPort}/odoo: ", failure.Message);
        Assert.True(PostgresDriverFailure.Is(failure.InnerException!), failure.InnerException?.GetType().Name);
    }

    [Fact]
    public void OnlyConnectionFailuresCountAsTheDriversFailures()
    {
        Assert.True(PostgresDriverFailure.Is(new NpgsqlException("down")));
        Assert.True(PostgresDriverFailure.Is(new IOException("reset")));
        Assert.True(PostgresDriverFailure.Is(new TimeoutException()));
        Assert.False(PostgresDriverFailure.Is(new InvalidOperationException("a bug")));
    }

    [Fact]
    public async Task TheListenLoopRetriesWithADoublingDelayUpToThirtySecondsAndStopsWhenCancelled()
    {
        var time = new TimerCountingTimeProvider();
        await using var database = Create(time);
        var retries = Channel.CreateUnbounded<(TimeSpan Delay, Exception Failure)>();
        using var stop = new CancellationTokenSource();

        var loop = database.ListenAsync("test", () => { }, () => { }, (delay, e) => retries.Writer.TryWrite((delay, e)), stop.Token);

        var delays = new List<TimeSpan>();
        for (var attempt = 0; attempt < 7; attempt++)
        {
            var (delay, failure) = await retries.Reader.ReadAsync().AsTask().Within();
            Assert.IsType<StoreDownException>(failure);
            delays.Add(delay);
            // Advance only once the loop waits on its timer, or the advance would be lost.
            await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(30));
            time.Advance(delay);
        }
        await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await loop.Within();

        Assert.Equal(new[] { 1, 2, 4, 8, 16, 30, 30 }.Select(s => TimeSpan.FromSeconds(s)), delays);
    }

    private PostgresDatabase<StoreDownException> Create(TimeProvider time) =>
        new(
            $"Host=127.0.0.1;Port={_closedPort};Database=odoo;Username=odoo;Timeout=10;Pooling=false",
            "SELECT 1;",
            0x7465737473,
            (message, e) => new StoreDownException("test store " + message, e),
            time);

    /// <summary>A loopback port that was just free: connecting to it is refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Tells the test when the loop starts waiting, so that advancing the clock is never lost.</summary>
    private sealed class TimerCountingTimeProvider : FakeTimeProvider
    {
        public SemaphoreSlim TimerCreated { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TimerCreated.Release();
            return timer;
        }
    }
}
