using Microsoft.Data.Sqlite;
using MiniOdooServer.App.Storage;

namespace MiniOdooServer.App.Bus;

/// <summary>
/// The embedded bus, zero set-up: one SQLite file under data_dir shared by every process of the server. WAL mode lets
/// the longpolling worker read while HTTP workers write; a busy timeout makes concurrent writers wait for the lock
/// instead of failing. AUTOINCREMENT ids are never reused after garbage collection, and SQLite's single writer
/// commits them in order, so a client's <c>last</c> never skips a message that commits later.
/// </summary>
internal sealed class SqliteBusStore : IBusStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS bus_bus (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            channel TEXT NOT NULL,
            message TEXT NOT NULL,
            create_date INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS bus_bus_channel_id ON bus_bus (channel, id);
        CREATE INDEX IF NOT EXISTS bus_bus_create_date ON bus_bus (create_date);
        """;

    private readonly SqliteDatabase<BusUnavailableException> _database;
    private readonly DatagramWakeUp _wakeUp;
    private readonly TimeProvider _time;

    public SqliteBusStore(string dataDir, TimeProvider time)
    {
        _wakeUp = new DatagramWakeUp(Path.Combine(dataDir, "bus-wake"));
        _database = new SqliteDatabase<BusUnavailableException>(
            Path.Combine(dataDir, "bus.sqlite3"), Schema, [dataDir, _wakeUp.Directory],
            (detail, e) => new BusUnavailableException($"bus store {detail}", e));
        _time = time;
        DataDir = dataDir;
    }

    public string DataDir { get; }

    public string Description => _database.Description;

    public async Task<long> SendAsync(string channel, string message, CancellationToken cancellationToken)
    {
        var id = await RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO bus_bus (channel, message, create_date) VALUES ($channel, $message, $now) RETURNING id";
            command.Parameters.AddWithValue("$channel", channel);
            command.Parameters.AddWithValue("$message", message);
            command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
        // After the commit: a woken listener must find the row.
        _wakeUp.WakeAll();
        return id;
    }

    public Task<IReadOnlyList<BusNotification>> FetchAsync(
        IReadOnlyCollection<string> channels, long after, DateTimeOffset createdSince, int limit, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            // One JSON parameter instead of one parameter per channel: no limit on how many channels a client names.
            command.CommandText = """
                SELECT id, channel, message FROM bus_bus
                WHERE id > $after AND create_date >= $since AND channel IN (SELECT value FROM json_each($channels))
                ORDER BY id LIMIT $limit
                """;
            command.Parameters.AddWithValue("$after", after);
            command.Parameters.AddWithValue("$since", createdSince.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$channels", BusJson.StringArray(channels));
            command.Parameters.AddWithValue("$limit", limit);
            return await ReadAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<BusNotification>> ScanAsync(long after, int limit, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, channel, message FROM bus_bus WHERE id > $after ORDER BY id LIMIT $limit";
            command.Parameters.AddWithValue("$after", after);
            command.Parameters.AddWithValue("$limit", limit);
            return await ReadAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<long> LastIdAsync(CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            // sqlite_sequence keeps the highest id ever given, even once GC has deleted that row.
            command.CommandText = "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'bus_bus'), 0)";
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM bus_bus WHERE create_date < $cutoff";
            command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task ListenAsync(Action woken, Action listening, CancellationToken cancellationToken) =>
        _wakeUp.ListenAsync(woken, listening, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _wakeUp.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<IReadOnlyList<BusNotification>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<BusNotification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new BusNotification(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }
        return rows;
    }

    /// <summary>Opens a connection (creating the schema on first use) and turns SQLite failures into BusUnavailableException.</summary>
    private Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken) =>
        _database.RunAsync(work, cancellationToken);
}
