using Microsoft.Data.Sqlite;
using MiniOdooServer.App.Cron;

namespace MiniOdooServer.Tests.App.Cron;

public sealed class SqliteCronStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, TimeSpan> Jobs = new() { ["tick"] = TimeSpan.FromSeconds(10), ["daily"] = TimeSpan.FromDays(1) };

    private readonly string _dataDir = Directory.CreateTempSubdirectory("mini-odoo-cron-").FullName;
    private SqliteCronStore _a = null!;
    private SqliteCronStore _b = null!;

    public async Task InitializeAsync()
    {
        _a = new SqliteCronStore(_dataDir, TimeSpan.FromMinutes(5));
        _b = new SqliteCronStore(_dataDir, TimeSpan.FromMinutes(5));
        await _a.EnsureJobsAsync(Jobs.Keys, T0, CancellationToken.None);
    }

    [Fact]
    public async Task AClaimedJobIsNotClaimedAgainUntilReleasedAndDueAgain()
    {
        var first = await _a.TryClaimAsync(Only("tick"), T0, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Equal((T0, T0.AddSeconds(10)), (first.ScheduledAt, first.NextCall));

        // Another runner, even once the job is due again, waits for the release.
        Assert.Null(await _b.TryClaimAsync(Only("tick"), T0.AddSeconds(15), CancellationToken.None));
        await first.ReleaseAsync();
        Assert.Null(await _b.TryClaimAsync(Only("tick"), T0.AddSeconds(5), CancellationToken.None));
        var second = await _b.TryClaimAsync(Only("tick"), T0.AddSeconds(15), CancellationToken.None);

        Assert.NotNull(second);
        Assert.Equal((T0.AddSeconds(10), T0.AddSeconds(20)), (second.ScheduledAt, second.NextCall));
    }

    [Fact]
    public async Task ALockWhoseOwnerProcessIsGoneIsTakenOver()
    {
        var claim = await _a.TryClaimAsync(Only("tick"), T0, CancellationToken.None);
        Assert.NotNull(claim);
        // As if a cron worker was killed mid-job: its pid no longer exists.
        await ExecuteAsync("UPDATE cron_job SET lock_owner = '2147483646/1' WHERE name = 'tick'");

        var taken = await _b.TryClaimAsync(Only("tick"), T0.AddSeconds(10), CancellationToken.None);

        Assert.NotNull(taken);
        Assert.Equal(T0.AddSeconds(10), taken.ScheduledAt);
    }

    [Fact]
    public async Task AnExpiredLeaseIsTakenOver()
    {
        Assert.NotNull(await _a.TryClaimAsync(Only("tick"), T0, CancellationToken.None));

        Assert.NotNull(await _b.TryClaimAsync(Only("tick"), T0.AddMinutes(6), CancellationToken.None));
    }

    [Fact]
    public async Task ATriggerMakesALongIntervalJobDueNow()
    {
        var claim = await _a.TryClaimAsync(Only("daily"), T0, CancellationToken.None);
        await claim!.ReleaseAsync();
        Assert.Null(await _a.TryClaimAsync(Only("daily"), T0.AddMinutes(1), CancellationToken.None));

        await _b.TriggerAsync("daily", T0.AddMinutes(1), CancellationToken.None);

        var triggered = await _a.TryClaimAsync(Only("daily"), T0.AddMinutes(1), CancellationToken.None);
        Assert.NotNull(triggered);
        Assert.Equal(T0.AddMinutes(1), triggered.ScheduledAt);
        Assert.Equal(T0.AddMinutes(1) + TimeSpan.FromDays(1), await _a.NextCallAsync(["daily"], CancellationToken.None));
    }

    [Fact]
    public async Task KnownJobsKeepTheirNextCallWhenDeclaredAgain()
    {
        await (await _a.TryClaimAsync(Only("tick"), T0, CancellationToken.None))!.ReleaseAsync();

        await _b.EnsureJobsAsync(Jobs.Keys, T0.AddSeconds(3), CancellationToken.None);

        Assert.Equal(T0.AddSeconds(10), await _a.NextCallAsync(["tick"], CancellationToken.None));
    }

    [Fact]
    public async Task ATriggerWakesAListenerInAnotherStoreInstance()
    {
        using var cancel = new CancellationTokenSource(Wait.DefaultTimeout);
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = _a.ListenAsync(() => woken.TrySetResult(), cancel.Token);
        var socket = Path.Combine(_dataDir, "cron-wake", $"{Environment.ProcessId}.sock");
        await Wait.UntilAsync(() => File.Exists(socket));

        await _b.TriggerAsync("tick", T0, CancellationToken.None);

        await woken.Task.WaitAsync(cancel.Token);
        await cancel.CancelAsync();
        await listening;
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    private static Dictionary<string, TimeSpan> Only(string name) => new() { [name] = Jobs[name] };

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "cron.sqlite3")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
