using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Storage;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Cron;

/// <summary>Chooses the cron store as the bus store is chosen: PostgreSQL when db_host and db_name are set, else SQLite under data_dir.</summary>
public static class CronStoreFactory
{
    public static ICronStore Create(ServerOptions options, TimeProvider time, ILogger log) =>
        StoreChoice.Create<ICronStore>(
            options, log,
            () => new SqliteCronStore(options.DataDir, LeaseFor(options)),
            (connectionString, logRetry) => new PostgresCronStore(connectionString, time, logRetry));

    /// <summary>
    /// How long a SQLite lock outlives a living owner: past the cron limit the job is killed or cancelled anyway, so a
    /// lock still held then belongs to a runner that is stuck; without a limit, a day.
    /// </summary>
    internal static TimeSpan LeaseFor(ServerOptions options) =>
        options.Limits.EffectiveTimeRealCron > 0 ? TimeSpan.FromSeconds(options.Limits.EffectiveTimeRealCron + 60) : TimeSpan.FromDays(1);
}
