using Microsoft.Data.Sqlite;

namespace MiniOdooServer.App.Storage;

/// <summary>
/// The SQLite plumbing the embedded bus and cron stores share, so that each store keeps only its own SQL: one file
/// under data_dir shared by every process of the machine, in WAL mode (readers do not wait for the writer), with a
/// busy timeout so that concurrent writers wait for the lock instead of failing; the folders and schema created once
/// per process; SQLite and file-system failures turned into the store's own "unavailable" exception.
/// </summary>
/// <typeparam name="TUnavailable">What the store throws when the file cannot be used.</typeparam>
internal sealed class SqliteDatabase<TUnavailable>
    where TUnavailable : Exception
{
    private const int BusyTimeoutMs = 10_000;

    private readonly string _connectionString;
    private readonly string _schema;
    private readonly IReadOnlyList<string> _directories;
    private readonly Func<string, Exception, TUnavailable> _unavailable;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;

    /// <param name="path">The database file.</param>
    /// <param name="schema">Idempotent DDL (<c>CREATE … IF NOT EXISTS</c>) run once per process.</param>
    /// <param name="directories">Folders created before the file is first opened (data_dir, the wake-up folder).</param>
    /// <param name="unavailable">Makes the store's exception from a message ("SQLite path: why") and the failure.</param>
    public SqliteDatabase(string path, string schema, IReadOnlyList<string> directories, Func<string, Exception, TUnavailable> unavailable)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
        _schema = schema;
        _directories = directories;
        _unavailable = unavailable;
        Description = $"SQLite {path}";
    }

    public string Description { get; }

    /// <summary>Opens a connection (creating the schema on first use) and turns failures into <typeparamref name="TUnavailable"/>.</summary>
    public async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            return await work(connection);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw _unavailable($"{Description}: {e.Message}", e);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken);
        }
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMs}";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initialization.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }
            foreach (var directory in _directories)
            {
                Directory.CreateDirectory(directory);
            }
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // journal_mode = WAL is persistent in the file; every process setting it again is harmless.
            command.CommandText = $"""
                PRAGMA busy_timeout = {BusyTimeoutMs};
                PRAGMA journal_mode = WAL;

                """ + _schema;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initialization.Release();
        }
    }
}
