using Microsoft.Data.Sqlite;

namespace MiniOdooServer.App.Storage;

/// <summary>
/// Whether SQLite's native library loads. When it does not (a JIT build's binary copied without
/// <c>libe_sqlite3.so</c>), Microsoft.Data.Sqlite fails only at the first query, as a type-initialisation error that
/// names no file; asked at start, the missing library is named before anything is served.
/// </summary>
public static class SqliteLibrary
{
    /// <summary>Null when SQLite loads; else one line naming what is missing.</summary>
    public static string? WhyItCannotLoad()
    {
        try
        {
            _ = new SqliteConnection().ServerVersion;
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException)
        {
            var cause = e;
            while (cause is TypeInitializationException { InnerException: { } inner })
            {
                cause = inner;
            }
            return $"SQLite's native library libe_sqlite3.so cannot be loaded: it must sit beside the mini-odoo binary " +
                   $"(or set db_host and db_name to keep the bus and cron tables in PostgreSQL). {cause.Message}";
        }
    }
}
