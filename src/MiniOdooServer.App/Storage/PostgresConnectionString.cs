using MiniOdooServer.Configuration.Options;
using Npgsql;

namespace MiniOdooServer.App.Storage;

/// <summary>The Npgsql connection string of the db_* options, shared by the bus and cron stores.</summary>
internal static class PostgresConnectionString
{
    public static string From(DatabaseOptions database)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = database.Host,
            Database = database.Name,
            MaxPoolSize = database.MaxConnections,
            ApplicationName = "mini-odoo",
        };
        if (database.Port is { } port)
        {
            builder.Port = port;
        }
        if (database.User is { } user)
        {
            builder.Username = user;
        }
        if (database.Password is { } password)
        {
            builder.Password = password;
        }
        return builder.ConnectionString;
    }
}
