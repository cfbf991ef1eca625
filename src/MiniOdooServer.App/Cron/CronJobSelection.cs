using MiniOdooServer.Configuration.Cron;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Cron;

/// <summary>Which declared jobs this server runs.</summary>
public static class CronJobSelection
{
    /// <summary>The jobs a runner takes: the active ones (an inactive job stays declared, and is refused by a trigger).</summary>
    public static IReadOnlyList<CronJobDefinition> Runnable(ServerOptions options) => options.CronJobs.Where(j => j.Active).ToArray();

    /// <summary>True when this server's cron runners collect the bus (an active <c>bus.gc</c> job and at least one runner).</summary>
    public static bool CollectsBus(ServerOptions options) =>
        options.MaxCronThreads > 0 && options.CronJobs.Any(j => j.Active && j.Action == CronAction.BusGc);
}
