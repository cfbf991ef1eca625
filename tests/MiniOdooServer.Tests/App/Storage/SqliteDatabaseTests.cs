using Microsoft.Data.Sqlite;
using MiniOdooServer.App.Storage;

namespace MiniOdooServer.Tests.App.Storage;

/// <summary>The embedded stores' plumbing: folders and schema made once per process, failures in the store's own type.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("mini-odoo-storage-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task ConcurrentFirstUsesCreateTheFoldersAndRunTheSchemaOnce()
    {
        var dataDir = Path.Combine(_dataDir, "data");
        var wakeDir = Path.Combine(dataDir, "wake");
        // Not idempotent on purpose: every run of the schema leaves a row.
        var database = new SqliteDatabase<StoreDownException>(
            Path.Combine(dataDir, "test.sqlite3"),
            "CREATE TABLE IF NOT EXISTS schema_runs (n INTEGER); INSERT INTO schema_runs VALUES (1);",
            [dataDir, wakeDir],
            (message, e) => new StoreDownException(message, e));

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => database.RunAsync(CountRunsAsync, CancellationToken.None))));

        Assert.Equal(1L, await database.RunAsync(CountRunsAsync, CancellationToken.None));
        Assert.True(Directory.Exists(wakeDir));
        Assert.Equal("WAL", await database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            return ((string)(await command.ExecuteScalarAsync())!).ToUpperInvariant();
        }, CancellationToken.None));
    }

    [Fact]
    public async Task ASqliteFailureBecomesTheStoresExceptionNamingTheFile()
    {
        var path = Path.Combine(_dataDir, "test.sqlite3");
        var database = new SqliteDatabase<StoreDownException>(path, "SELECT 1;", [_dataDir], (message, e) => new StoreDownException("test store " + message, e));

        var failure = await Assert.ThrowsAsync<StoreDownException>(() => database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM no_such_table";
            return await command.ExecuteScalarAsync();
        }, CancellationToken.None));

        Assert.Equal("SQLite " + path, database.Description);
        Assert.StartsWith($"test store SQLite {path}: ", failure.Message);
        Assert.Contains("no such table", failure.Message);
        Assert.IsType<SqliteException>(failure.InnerException);
    }

    [Fact]
    public async Task AFolderThatCannotBeCreatedBecomesTheStoresException()
    {
        var blocker = Path.Combine(_dataDir, "a-file");
        await File.WriteAllTextAsync(blocker, "");
        var dataDir = Path.Combine(blocker, "data");
        var database = new SqliteDatabase<StoreDownException>(
            Path.Combine(dataDir, "test.sqlite3"), "SELECT 1;", [dataDir], (message, e) => new StoreDownException(message, e));

        var failure = await Assert.ThrowsAsync<StoreDownException>(() => database.RunAsync(_ => Task.FromResult(0), CancellationToken.None));

        Assert.IsAssignableFrom<IOException>(failure.InnerException);
    }

    [Fact]
    public async Task AFailureThatIsNotTheDatabasesIsLeftAsItIs()
    {
        var database = new SqliteDatabase<StoreDownException>(
            Path.Combine(_dataDir, "test.sqlite3"), "SELECT 1;", [_dataDir], (message, e) => new StoreDownException(message, e));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            database.RunAsync<int>(_ => throw new InvalidOperationException("a bug"), CancellationToken.None));
    }

    private static async Task<long> CountRunsAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_runs";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
