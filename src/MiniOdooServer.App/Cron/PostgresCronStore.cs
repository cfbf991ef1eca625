using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Storage;
using Npgsql;

namespace MiniOdooServer.App.Cron;

/// <summary>
/// The cron store shared by several machines: table <c>cron_job</c> in db_name. A claim selects due jobs with
/// <c>FOR UPDATE SKIP LOCKED</c> (a job another runner is claiming is skipped, never waited for), takes a session
/// advisory lock on the job and commits the advanced next call at once; the advisory lock, on a connection kept for
/// the whole run, is what "running" means — it dies with the connection, so a cron worker killed by a limit frees
/// its job, and the next call was already committed, so the killed run is not replayed at once (in Odoo the
/// transaction that held the row rolls back, and the job runs again immediately). Triggers <c>NOTIFY
/// mini_odoo_cron</c>: every runner listening on any machine wakes.
/// </summary>
internal sealed class PostgresCronStore : ICronStore
{
    private const string NotifyChannel = "mini_odoo_cron";
    // The advisory lock space of running jobs ("mcrn"), and the key of the schema lock.
    private const int RunLockSpace = 0x6D63726E;
    private const long SchemaLock = 0x6D696E6963726F;
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS cron_job (
            name varchar PRIMARY KEY,
            nextcall bigint NOT NULL);
        """;

    private readonly PostgresDatabase<CronStoreUnavailableException> _database;
    private readonly Action<string> _logRetry;

    public PostgresCronStore(string connectionString, TimeProvider time, Action<string> logRetry)
    {
        _database = new PostgresDatabase<CronStoreUnavailableException>(
            connectionString, Schema, SchemaLock, (detail, e) => new CronStoreUnavailableException($"cron store {detail}", e), time);
        _logRetry = logRetry;
    }

    public string Description => _database.Description;

    public Task EnsureJobsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand(
                "INSERT INTO cron_job (name, nextcall) SELECT json_array_elements_text($1::json), $2 ON CONFLICT (name) DO NOTHING", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = BusJson.StringArray(names) });
            command.Parameters.Add(new NpgsqlParameter { Value = now.ToUnixTimeMilliseconds() });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public async Task<CronClaim?> TryClaimAsync(IReadOnlyDictionary<string, TimeSpan> intervals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var due = new List<(string Name, long NextCall)>();
            await using (var select = new NpgsqlCommand(
                """
                SELECT name, nextcall FROM cron_job
                WHERE name IN (SELECT json_array_elements_text($1::json)) AND nextcall <= $2
                ORDER BY nextcall FOR UPDATE SKIP LOCKED
                """,
                connection, transaction))
            {
                select.Parameters.Add(new NpgsqlParameter { Value = BusJson.StringArray(intervals.Keys) });
                select.Parameters.Add(new NpgsqlParameter { Value = now.ToUnixTimeMilliseconds() });
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    due.Add((reader.GetString(0), reader.GetInt64(1)));
                }
            }
            foreach (var (name, nextCall) in due)
            {
                await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({RunLockSpace}, hashtext($1))", connection, transaction))
                {
                    tryLock.Parameters.Add(new NpgsqlParameter { Value = name });
                    if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
                    {
                        continue; // a runner holds it: running now
                    }
                }
                var scheduled = DateTimeOffset.FromUnixTimeMilliseconds(nextCall);
                var next = CronSchedule.NextCallAfter(scheduled, intervals[name], now);
                await using (var update = new NpgsqlCommand("UPDATE cron_job SET nextcall = $1 WHERE name = $2", connection, transaction))
                {
                    update.Parameters.Add(new NpgsqlParameter { Value = next.ToUnixTimeMilliseconds() });
                    update.Parameters.Add(new NpgsqlParameter { Value = name });
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                var held = connection;
                connection = null;
                return new CronClaim(name, scheduled, next, () => new ValueTask(UnlockAsync(held, name)));
            }
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (PostgresDriverFailure.Is(e))
        {
            throw _database.Unavailable(e);
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    public Task<DateTimeOffset?> NextCallAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT MIN(nextcall) FROM cron_job WHERE name IN (SELECT json_array_elements_text($1::json))", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = BusJson.StringArray(names) });
            return await command.ExecuteScalarAsync(cancellationToken) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        }, cancellationToken);

    public Task TriggerAsync(string name, DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            // NOTIFY is delivered at commit: a woken runner finds the job due.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction);
            var upsert = new NpgsqlBatchCommand("INSERT INTO cron_job (name, nextcall) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET nextcall = $2");
            upsert.Parameters.Add(new NpgsqlParameter { Value = name });
            upsert.Parameters.Add(new NpgsqlParameter { Value = now.ToUnixTimeMilliseconds() });
            batch.BatchCommands.Add(upsert);
            var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{NotifyChannel}', $1)");
            notify.Parameters.Add(new NpgsqlParameter { Value = name });
            batch.BatchCommands.Add(notify);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>One connection kept for <c>LISTEN mini_odoo_cron</c>; replaced with a doubling delay after a failure.</summary>
    public Task ListenAsync(Action woken, CancellationToken cancellationToken) =>
        _database.ListenAsync(
            NotifyChannel, woken, () => { },
            (delay, e) => _logRetry($"cron trigger listener error, retry in {delay.TotalSeconds:0}s: {e.Message}"),
            cancellationToken);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static async Task UnlockAsync(NpgsqlConnection connection, string name)
    {
        try
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({RunLockSpace}, hashtext($1))", connection);
            unlock.Parameters.Add(new NpgsqlParameter { Value = name });
            await unlock.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (PostgresDriverFailure.Is(e))
        {
            // The connection is broken: the server has dropped the session, and its lock with it.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken) =>
        _database.RunAsync(work, cancellationToken);
}
