using System.Globalization;
using Npgsql;

namespace MiniOdooServer.App.Storage;

/// <summary>
/// The PostgreSQL plumbing the bus and cron stores share, so that each store keeps only its own SQL: one data source,
/// the schema created once per process (under a transaction-level advisory lock, so two processes do not race on
/// CREATE), driver failures turned into the store's own "unavailable" exception (which callers already handle), and
/// the connection kept for <c>LISTEN</c>, replaced with a doubling delay (1 s … 30 s) after a failure.
/// </summary>
/// <typeparam name="TUnavailable">What the store throws when the database cannot be reached.</typeparam>
internal sealed class PostgresDatabase<TUnavailable> : IAsyncDisposable
    where TUnavailable : Exception
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly Func<string, Exception, TUnavailable> _unavailable;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    /// <param name="schema">Idempotent DDL (<c>CREATE … IF NOT EXISTS</c>) run once per process.</param>
    /// <param name="schemaLock">The advisory lock key taken while <paramref name="schema"/> runs.</param>
    /// <param name="unavailable">Makes the store's exception from a message ("PostgreSQL host:port/db: why") and the driver's failure.</param>
    public PostgresDatabase(
        string connectionString, string schema, long schemaLock, Func<string, Exception, TUnavailable> unavailable, TimeProvider time)
    {
        _dataSource = new NpgsqlSlimDataSourceBuilder(connectionString).Build();
        _schema = string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({schemaLock});\n") + schema;
        _unavailable = unavailable;
        _time = time;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }

    public string Description { get; }

    /// <summary>The store's exception for a driver failure, naming the database.</summary>
    public TUnavailable Unavailable(Exception failure) => _unavailable($"{Description}: {failure.Message}", failure);

    /// <summary>Opens a connection (creating the schema on first use); the caller owns it and translates failures.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken);
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on a fresh connection; driver failures become <typeparamref name="TUnavailable"/>.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await work(connection);
        }
        catch (Exception e) when (PostgresDriverFailure.Is(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>
    /// Keeps one connection listening on <paramref name="channel"/> until cancelled. <paramref name="listening"/> then
    /// <paramref name="woken"/> are called each time it (re)connects: anything sent while no one listened is found by
    /// the look this triggers. A failure is logged with the delay before the next attempt.
    /// </summary>
    public async Task ListenAsync(
        string channel, Action woken, Action listening, Action<TimeSpan, Exception> logRetry, CancellationToken cancellationToken)
    {
        var delay = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await OpenAsync(cancellationToken);
                connection.Notification += (_, _) => woken();
                await using (var command = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                delay = FirstRetry;
                listening();
                woken();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is TUnavailable || PostgresDriverFailure.Is(e))
            {
                logRetry(delay, e);
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
            await using var command = new NpgsqlCommand(_schema, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _initialized = true;
        }
        catch (Exception e) when (PostgresDriverFailure.Is(e))
        {
            throw Unavailable(e);
        }
        finally
        {
            _initialization.Release();
        }
    }
}
