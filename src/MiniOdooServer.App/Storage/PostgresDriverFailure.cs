using Npgsql;

namespace MiniOdooServer.App.Storage;

/// <summary>
/// The failures that mean the PostgreSQL server cannot be reached or dropped the connection, as opposed to a bug in
/// the SQL: the stores report these as "unavailable" and retry, and let anything else through.
/// </summary>
internal static class PostgresDriverFailure
{
    public static bool Is(Exception e) => e is NpgsqlException or IOException or TimeoutException;
}
