using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using Npgsql;

namespace MiniOdooServer.App.Bus;

/// <summary>Chooses the bus store from the options: PostgreSQL when db_host and db_name are set, else SQLite under data_dir.</summary>
public static class BusStoreFactory
{
    public static IBusStore Create(ServerOptions options, TimeProvider time, ILogger log)
    {
        if (!options.Database.IsConfigured)
        {
            return new SqliteBusStore(options.DataDir, time);
        }
        var database = options.Database;
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
        return new PostgresBusStore(builder.ConnectionString, time, line => log.LogWarning("{Line}", line));
    }
}
