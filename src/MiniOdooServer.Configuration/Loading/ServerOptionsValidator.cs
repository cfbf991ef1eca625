using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// Checks that hold between options, or that a value's syntax alone cannot tell. Odoo checks none of these; a
/// setting that can never work is a configuration mistake worth refusing before the server binds anything, and one
/// that works badly is worth a warning at start rather than a surprise under load.
/// </summary>
public static class ServerOptionsValidator
{
    /// <summary>
    /// What a worker needs resident to serve without being recycled at once: what an HTTP worker of the native binary
    /// holds idle and after a load (docs/footprint.md, bench/idle-footprint.sh), with room left for a request's own
    /// allocations.
    /// </summary>
    public const long WorkerMemoryNeed = 64 * LimitOptions.MiB;

    /// <summary>The mistakes that stop the program (exit status 2), one line each.</summary>
    public static IEnumerable<string> Validate(ServerOptions options)
    {
        var limits = options.Limits;
        if (limits.MemorySoft > limits.MemoryHard)
        {
            yield return $"limit_memory_soft = {limits.MemorySoft} is above limit_memory_hard = {limits.MemoryHard}: " +
                         "expected the soft limit at or below the hard limit";
        }
        // Only when a gevent limit is set: otherwise both fall back to the limits checked above, and the same
        // mistake would be reported twice.
        if ((limits.MemorySoftGevent is not null || limits.MemoryHardGevent is not null) &&
            limits.EffectiveMemorySoftGevent > limits.EffectiveMemoryHardGevent)
        {
            yield return $"limit_memory_soft_gevent = {limits.EffectiveMemorySoftGevent} is above limit_memory_hard_gevent = " +
                         $"{limits.EffectiveMemoryHardGevent}: expected the soft limit at or below the hard limit";
        }
        if (options.Workers > 0 && options.HttpEnable && options.HttpPort == options.GeventPort)
        {
            yield return $"http_port = {options.HttpPort} equals gevent_port: expected two different ports in prefork mode";
        }
        if (string.IsNullOrEmpty(options.DataDir))
        {
            yield return "data_dir is empty: expected a directory";
        }
        if (!HttpInterfaceAddress.IsValid(options.HttpInterface))
        {
            // Caught here rather than by the bind, which would end in a FormatException and a stack trace.
            yield return $"http_interface = {options.HttpInterface} is not an IP address: expected {HttpInterfaceAddress.Expected}";
        }
    }

    /// <summary>Settings that work, but badly: logged once as warnings at start.</summary>
    public static IEnumerable<string> Warnings(ServerOptions options)
    {
        var database = options.Database;
        if (!string.IsNullOrEmpty(database.Host) && string.IsNullOrEmpty(database.Name))
        {
            // Common in Odoo files (Odoo then serves every database of the host); mini-odoo's tables need one database.
            yield return $"db_host = {database.Host} is set without db_name: the bus and cron tables stay in SQLite under " +
                         "data_dir; set db_name (a PostgreSQL database) to keep them in PostgreSQL";
        }
        if (!options.Prefork)
        {
            // The memory limits are enforced on worker processes only.
            yield break;
        }
        var limits = options.Limits;
        if (limits.MemorySoft < WorkerMemoryNeed)
        {
            yield return BelowWorkerNeed("limit_memory_soft", limits.MemorySoft);
        }
        if (limits.MemorySoftGevent is { } gevent && gevent < WorkerMemoryNeed)
        {
            yield return BelowWorkerNeed("limit_memory_soft_gevent", gevent);
        }
    }

    private static string BelowWorkerNeed(string key, long value) =>
        $"{key} = {value} is below what a worker needs: about {WorkerMemoryNeed / LimitOptions.MiB} MiB ({WorkerMemoryNeed} bytes; " +
        "an idle worker holds about 24 MB, one under load about 37 MB), so a worker will be recycled after almost every request";
}
