using System.Globalization;
using MiniOdooServer.App.Bus;
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
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly Action<string> _logRetry;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    public PostgresCronStore(string connectionString, TimeProvider time, Action<string> logRetry)
    {
        _dataSource = new NpgsqlSlimDataSourceBuilder(connectionString).Build();
        _time = time;
        _logRetry = logRetry;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }

    public string Description { get; }

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
            await EnsureInitializedAsync(cancellationToken);
            connection = await _dataSource.OpenConnectionAsync(cancellationToken);
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
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            throw new CronStoreUnavailableException($"cron store {Description}: {e.Message}", e);
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
    public async Task ListenAsync(Action woken, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await EnsureInitializedAsync(cancellationToken);
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, _) => woken();
                await using (var command = new NpgsqlCommand($"LISTEN {NotifyChannel}", connection))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                delay = TimeSpan.FromSeconds(1);
                woken(); // a trigger sent while nobody listened is found by this look
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or CronStoreUnavailableException or IOException or TimeoutException)
            {
                _logRetry($"cron trigger listener error, retry in {delay.TotalSeconds:0}s: {e.Message}");
                try
                {
                    await Task.Delay(delay, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = delay * 2 < LongestRetry ? delay * 2 : LongestRetry;
            }
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task UnlockAsync(NpgsqlConnection connection, string name)
    {
        try
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({RunLockSpace}, hashtext($1))", connection);
            unlock.Parameters.Add(new NpgsqlParameter { Value = name });
            await unlock.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            // The connection is broken: the server has dropped the session, and its lock with it.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureInitializedAsync(cancellationToken);
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            return await work(connection);
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            throw new CronStoreUnavailableException($"cron store {Description}: {e.Message}", e);
        }
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }
        await _initialization.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(string.Create(CultureInfo.InvariantCulture, $"""
                SELECT pg_advisory_xact_lock({SchemaLock});
                CREATE TABLE IF NOT EXISTS cron_job (
                    name varchar PRIMARY KEY,
                    nextcall bigint NOT NULL);
                """), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _initialized = true;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
        {
            throw new CronStoreUnavailableException($"cron store {Description}: {e.Message}", e);
        }
        finally
        {
            _initialization.Release();
        }
    }
}
