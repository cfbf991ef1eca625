namespace MiniOdooServer.Configuration.Cron;

/// <summary>What a <c>[cron:NAME]</c> job runs: a fixed set, each with its own keys (see <see cref="CronJobParser"/>).</summary>
public enum CronAction
{
    /// <summary><c>bus.send</c>: publishes a message on <c>channel</c> naming the process that ran it and when.</summary>
    BusSend,

    /// <summary><c>bus.gc</c>: deletes bus messages older than bus_gc_retention_seconds.</summary>
    BusGc,

    /// <summary><c>http</c>: a request to one of the server's own routes (<c>path</c>, <c>method</c>, <c>timeout</c>).</summary>
    Http,

    /// <summary><c>bench.cpu</c>: <c>units</c> units of computation (about 1 ms of one core each).</summary>
    BenchCpu,

    /// <summary><c>bench.io</c>: waits <c>ms</c> milliseconds, as a long database call would.</summary>
    BenchIo,
}

/// <summary>The names actions are written with in the configuration file.</summary>
public static class CronActions
{
    public static readonly IReadOnlyDictionary<string, CronAction> ByName = new Dictionary<string, CronAction>(StringComparer.Ordinal)
    {
        ["bus.send"] = CronAction.BusSend,
        ["bus.gc"] = CronAction.BusGc,
        ["http"] = CronAction.Http,
        ["bench.cpu"] = CronAction.BenchCpu,
        ["bench.io"] = CronAction.BenchIo,
    };

    public static string Name(this CronAction action) => ByName.First(pair => pair.Value == action).Key;
}
