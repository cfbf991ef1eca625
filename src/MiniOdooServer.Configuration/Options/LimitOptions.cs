namespace MiniOdooServer.Configuration.Options;

/// <summary>
/// Odoo's <c>limit_*</c> options as one value. Sizes are bytes of resident memory (not virtual size, see docs/configuration.md);
/// times are seconds. Defaults are Odoo 18's.
/// </summary>
public sealed record LimitOptions
{
    public const long MiB = 1024 * 1024;

    /// <summary><c>limit_memory_soft</c>: a worker over it finishes its request and is replaced. Defaults to 2048 MiB.</summary>
    public long MemorySoft { get; init; } = 2048 * MiB;

    /// <summary><c>limit_memory_hard</c>: a worker is stopped before it grows past it. Defaults to 2560 MiB.</summary>
    public long MemoryHard { get; init; } = 2560 * MiB;

    /// <summary><c>limit_memory_soft_gevent</c>: the longpolling worker's soft limit; null falls back to <see cref="MemorySoft"/>.</summary>
    public long? MemorySoftGevent { get; init; }

    /// <summary><c>limit_memory_hard_gevent</c>: the longpolling worker's hard limit; null falls back to <see cref="MemoryHard"/>.</summary>
    public long? MemoryHardGevent { get; init; }

    /// <summary><c>limit_time_cpu</c>: CPU seconds one request may use; 0 disables. Defaults to 60.</summary>
    public int TimeCpu { get; init; } = 60;

    /// <summary><c>limit_time_real</c>: wall seconds one request may take; 0 disables. Defaults to 120.</summary>
    public int TimeReal { get; init; } = 120;

    /// <summary><c>limit_time_real_cron</c>: -1 uses <see cref="TimeReal"/>, 0 means none. Defaults to -1.</summary>
    public int TimeRealCron { get; init; } = -1;

    /// <summary><c>limit_time_worker_cron</c>: the maximum age of a cron worker in seconds; 0 means none.</summary>
    public int TimeWorkerCron { get; init; }

    /// <summary>
    /// <c>limit_time_heartbeat_gevent</c> (mini-odoo's own): seconds without a heartbeat after which the master kills
    /// and replaces the longpolling worker; 0 disables. Not <see cref="TimeReal"/>: that bounds requests, and the
    /// longpolling worker's requests are unbounded by design (50 s long-polls, hour-long websockets), so its heartbeat
    /// is its only proof of life. Defaults to 60: a false kill drops every realtime connection of the machine at once,
    /// so the bound rides out a loaded machine and a long collection, yet a hung worker is replaced within about one
    /// long-poll period (50 s), so a client loses at most one poll to it.
    /// </summary>
    public int TimeHeartbeatGevent { get; init; } = 60;

    /// <summary><c>limit_request</c>: requests a worker serves before it is recycled. Defaults to 65536.</summary>
    public int Request { get; init; } = 65536;

    public long EffectiveMemorySoftGevent => MemorySoftGevent ?? MemorySoft;

    public long EffectiveMemoryHardGevent => MemoryHardGevent ?? MemoryHard;

    /// <summary>The watchdog budget of a cron job: -1 follows limit_time_real, 0 disables (in both modes, unlike Odoo).</summary>
    public int EffectiveTimeRealCron => TimeRealCron < 0 ? TimeReal : TimeRealCron;
}
