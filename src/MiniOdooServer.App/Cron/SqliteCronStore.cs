using System.Globalization;
using Microsoft.Data.Sqlite;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Storage;

namespace MiniOdooServer.App.Cron;

/// <summary>
/// The embedded cron store: table <c>cron_job</c> in <c>data_dir/cron.sqlite3</c> (WAL, shared by every process of
/// the machine). A claim is one <c>BEGIN IMMEDIATE</c> transaction — SQLite's single writer makes the check and the
/// update atomic across processes — that writes the next call and the owner (<c>pid/runner</c>). A lock is free again
/// when released, when its owner's process is gone (a cron worker killed by a limit) or when its lease ran out.
/// Triggers wake the runners of every process with the bus's datagram wake-up, in <c>data_dir/cron-wake</c>.
/// </summary>
internal sealed class SqliteCronStore : ICronStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS cron_job (
            name TEXT PRIMARY KEY,
            nextcall INTEGER NOT NULL,
            lock_owner TEXT,
            lock_until INTEGER);
        """;

    private readonly SqliteDatabase<CronStoreUnavailableException> _database;
    private readonly DatagramWakeUp _wakeUp;
    private readonly TimeSpan _lease;
    private readonly string _ownerPrefix = $"{Environment.ProcessId}/";
    private int _runnerIds;

    /// <param name="lease">How long a lock outlives an owner that is still alive (a runner stuck past every limit).</param>
    public SqliteCronStore(string dataDir, TimeSpan lease)
    {
        _wakeUp = new DatagramWakeUp(Path.Combine(dataDir, "cron-wake"));
        _database = new SqliteDatabase<CronStoreUnavailableException>(
            Path.Combine(dataDir, "cron.sqlite3"), Schema, [dataDir, _wakeUp.Directory],
            (detail, e) => new CronStoreUnavailableException($"cron store {detail}", e));
        _lease = lease;
    }

    public string Description => _database.Description;

    public Task EnsureJobsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT OR IGNORE INTO cron_job (name, nextcall) SELECT value, $now FROM json_each($names)";
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$names", BusJson.StringArray(names));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<CronClaim?> TryClaimAsync(IReadOnlyDictionary<string, TimeSpan> intervals, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the writer lock first
            var due = new List<(string Name, long NextCall, string? Owner, long LockUntil)>();
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = """
                    SELECT name, nextcall, lock_owner, COALESCE(lock_until, 0) FROM cron_job
                    WHERE nextcall <= $now AND name IN (SELECT value FROM json_each($names)) ORDER BY nextcall
                    """;
                select.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                select.Parameters.AddWithValue("$names", BusJson.StringArray(intervals.Keys));
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    due.Add((reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3)));
                }
            }
            foreach (var row in due)
            {
                if (row.Owner is not null && row.LockUntil >= now.ToUnixTimeMilliseconds() && OwnerIsAlive(row.Owner))
                {
                    continue; // someone runs it now
                }
                var scheduled = DateTimeOffset.FromUnixTimeMilliseconds(row.NextCall);
                var next = CronSchedule.NextCallAfter(scheduled, intervals[row.Name], now);
                var owner = _ownerPrefix + Interlocked.Increment(ref _runnerIds).ToString(CultureInfo.InvariantCulture);
                await using (var update = connection.CreateCommand())
                {
                    update.Transaction = transaction;
                    update.CommandText = "UPDATE cron_job SET nextcall = $next, lock_owner = $owner, lock_until = $until WHERE name = $name";
                    update.Parameters.AddWithValue("$next", next.ToUnixTimeMilliseconds());
                    update.Parameters.AddWithValue("$owner", owner);
                    update.Parameters.AddWithValue("$until", (now + _lease).ToUnixTimeMilliseconds());
                    update.Parameters.AddWithValue("$name", row.Name);
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                return new CronClaim(row.Name, scheduled, next, () => new ValueTask(ReleaseAsync(row.Name, owner)));
            }
            await transaction.RollbackAsync(cancellationToken);
            return (CronClaim?)null;
        }, cancellationToken);

    public Task<DateTimeOffset?> NextCallAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT MIN(nextcall) FROM cron_job WHERE name IN (SELECT value FROM json_each($names))";
            command.Parameters.AddWithValue("$names", BusJson.StringArray(names));
            return await command.ExecuteScalarAsync(cancellationToken) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        }, cancellationToken);

    public async Task TriggerAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO cron_job (name, nextcall) VALUES ($name, $now) ON CONFLICT (name) DO UPDATE SET nextcall = $now";
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        // After the commit: a woken runner must find the job due.
        _wakeUp.WakeAll();
    }

    public Task ListenAsync(Action woken, CancellationToken cancellationToken) =>
        _wakeUp.ListenAsync(woken, () => { }, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _wakeUp.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task ReleaseAsync(string name, string owner) =>
        RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE cron_job SET lock_owner = NULL, lock_until = NULL WHERE name = $name AND lock_owner = $owner";
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$owner", owner);
            return await command.ExecuteNonQueryAsync(CancellationToken.None);
        }, CancellationToken.None);

    /// <summary>An owner is <c>pid/runner</c>; a killed cron worker's pid is gone (the store is on this machine only).</summary>
    internal static bool OwnerIsAlive(string owner)
    {
        var slash = owner.IndexOf('/');
        return !int.TryParse(slash < 0 ? owner : owner[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ||
               Directory.Exists($"/proc/{pid}");
    }

    private Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken) =>
        _database.RunAsync(work, cancellationToken);
}
