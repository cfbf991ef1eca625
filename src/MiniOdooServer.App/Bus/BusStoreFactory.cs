using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Storage;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Bus;

/// <summary>Chooses the bus store from the options: PostgreSQL when db_host and db_name are set, else SQLite under data_dir.</summary>
public static class BusStoreFactory
{
    public static IBusStore Create(ServerOptions options, TimeProvider time, ILogger log) =>
        StoreChoice.Create<IBusStore>(
            options, log,
            () => new SqliteBusStore(options.DataDir, time),
            (connectionString, logRetry) => new PostgresBusStore(connectionString, time, logRetry));
}
