using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Storage;

/// <summary>
/// The one rule by which the bus and the cron store are chosen, kept in one place so that both always live in the
/// same database: PostgreSQL when db_host and db_name are set (with its retries logged as warnings), else SQLite under
/// data_dir.
/// </summary>
internal static class StoreChoice
{
    public static TStore Create<TStore>(
        ServerOptions options, ILogger log, Func<TStore> embedded, Func<string, Action<string>, TStore> shared) =>
        options.Database.IsConfigured
            ? shared(PostgresConnectionString.From(options.Database), line => log.LogWarning("{Line}", line))
            : embedded();
}
