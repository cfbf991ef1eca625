using MiniOdooServer.App.Storage;
using Npgsql;

namespace MiniOdooServer.App.Bus;

/// <summary>
/// The bus shared by several machines: Odoo's <c>bus_bus</c> table and <c>LISTEN/NOTIFY imbus</c> in the PostgreSQL
/// database named by db_name. A send inserts and notifies in one transaction (PostgreSQL delivers NOTIFY at commit)
/// under a transaction-level advisory lock: ids are taken at INSERT but visible at COMMIT, so without the lock two
/// senders could commit out of id order and a client that already saw the larger id would never get the smaller
/// one (the gap Odoo 18.3 patches with a history of sent ids).
/// </summary>
internal sealed class PostgresBusStore : IBusStore
{
    private const string NotifyChannel = "imbus";
    // Arbitrary constant keys of the two advisory locks ("mini-odoo bus" in ASCII, and the schema's).
    private const long SendLock = 0x6D696E69627573;
    private const long SchemaLock = 0x6D696E69736368;
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS bus_bus (
            id bigserial PRIMARY KEY,
            channel varchar NOT NULL,
            message varchar NOT NULL,
            create_date timestamp without time zone NOT NULL);
        CREATE INDEX IF NOT EXISTS bus_bus_channel_id ON bus_bus (channel, id);
        CREATE INDEX IF NOT EXISTS bus_bus_create_date ON bus_bus (create_date);
        """;

    private readonly PostgresDatabase<BusUnavailableException> _database;
    private readonly TimeProvider _time;
    private readonly Action<string> _logRetry;

    public PostgresBusStore(string connectionString, TimeProvider time, Action<string> logRetry)
    {
        _database = new PostgresDatabase<BusUnavailableException>(
            connectionString, Schema, SchemaLock, (detail, e) => new BusUnavailableException($"bus store {detail}", e), time);
        _time = time;
        _logRetry = logRetry;
    }

    public string Description => _database.Description;

    public Task<long> SendAsync(string channel, string message, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({SendLock})"));
            var insert = new NpgsqlBatchCommand(
                "INSERT INTO bus_bus (channel, message, create_date) VALUES ($1, $2, $3) RETURNING id");
            insert.Parameters.Add(new NpgsqlParameter { Value = channel });
            insert.Parameters.Add(new NpgsqlParameter { Value = message });
            insert.Parameters.Add(new NpgsqlParameter { Value = Timestamp(_time.GetUtcNow()) });
            batch.BatchCommands.Add(insert);
            // Odoo 16+ sends the list of channels as the payload; listeners here re-read the table either way.
            var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{NotifyChannel}', $1)");
            notify.Parameters.Add(new NpgsqlParameter { Value = BusJson.StringArray([channel]) });
            batch.BatchCommands.Add(notify);
            long id = 0;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                await reader.NextResultAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    id = reader.GetInt64(0);
                }
            }
            await transaction.CommitAsync(cancellationToken);
            return id;
        }, cancellationToken);

    public Task<IReadOnlyList<BusNotification>> FetchAsync(
        IReadOnlyCollection<string> channels, long after, DateTimeOffset createdSince, int limit, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT id, channel, message FROM bus_bus
                WHERE id > $1 AND create_date >= $2 AND channel IN (SELECT json_array_elements_text($3::json))
                ORDER BY id LIMIT $4
                """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = after });
            command.Parameters.Add(new NpgsqlParameter { Value = Timestamp(createdSince) });
            command.Parameters.Add(new NpgsqlParameter { Value = BusJson.StringArray(channels) });
            command.Parameters.Add(new NpgsqlParameter { Value = limit });
            return await ReadAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<IReadOnlyList<BusNotification>> ScanAsync(long after, int limit, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT id, channel, message FROM bus_bus WHERE id > $1 ORDER BY id LIMIT $2", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = after });
            command.Parameters.Add(new NpgsqlParameter { Value = limit });
            return await ReadAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<long> LastIdAsync(CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(id), 0) FROM bus_bus", connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        RunAsync(async connection =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM bus_bus WHERE create_date < $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = Timestamp(cutoff) });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>One connection kept for <c>LISTEN imbus</c>; on failure it is replaced with a doubling delay (1 s … 30 s).</summary>
    public Task ListenAsync(Action woken, Action listening, CancellationToken cancellationToken) =>
        _database.ListenAsync(
            NotifyChannel, woken, listening,
            (delay, e) => _logRetry($"Bus.loop error, sleep and retry in {delay.TotalSeconds:0}s: {e.Message}"),
            cancellationToken);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>UTC as a plain <c>timestamp</c>, as Odoo stores create_date (a UTC-kind DateTime would be sent as timestamptz).</summary>
    private static DateTime Timestamp(DateTimeOffset at) => DateTime.SpecifyKind(at.UtcDateTime, DateTimeKind.Unspecified);

    private static async Task<IReadOnlyList<BusNotification>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<BusNotification>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new BusNotification(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }
        return rows;
    }

    private Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken) =>
        _database.RunAsync(work, cancellationToken);
}
