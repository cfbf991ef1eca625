using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Kills the workers past their limits, checked on every tick from what they last wrote in the scoreboard: a
/// request longer than limit_time_real (limit_time_real_cron for a cron job), an idle worker whose heartbeat stopped
/// for as long (hung or stopped: Odoo's watchdog pipe catches it the same way), a longpolling worker whose heartbeat
/// stopped for limit_time_heartbeat_gevent (Odoo does not watch it; its requests are unbounded, so only its heartbeat
/// tells a live one from a hung one), a boot longer than <see cref="BootTimeout"/>, a resident memory over
/// limit_memory_hard.
/// </summary>
internal sealed class Watchdog(
    WorkerRoster roster, WorkerRetirement retirement, WorkerSpawner spawner, TimeProvider time, ILogger log)
{
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// An idle worker beats every second (<see cref="WorkerHeartbeat"/>); with a limit of a second or two, a beat merely
    /// late on a loaded machine would kill it, so silence counts only from this long.
    /// </summary>
    public static readonly TimeSpan ShortestSilence = TimeSpan.FromSeconds(5);

    public void KillWorkersPastLimits(DateTimeOffset now)
    {
        foreach (var worker in roster.All.ToArray())
        {
            var timeout = TimeoutOf(worker.Kind);
            if (worker is { BusySince: { } since } && timeout > 0 && time.GetElapsedTime(since) >= TimeSpan.FromSeconds(timeout))
            {
                log.WorkerTimeout(worker.Name, timeout);
                retirement.Kill(worker, $"{LimitNameOf(worker.Kind)} ({timeout}s) reached during {worker.CurrentRequest}");
            }
            else if (worker is { State: WorkerState.Idle, LastBeat: { } beat } && timeout > 0 && SilentFor(beat, timeout))
            {
                log.WorkerTimeout(worker.Name, timeout);
                retirement.Kill(worker, $"{LimitNameOf(worker.Kind)} ({timeout}s) reached while idle: no heartbeat");
            }
            else if (worker is { Kind: WorkerKind.LongPolling, State: WorkerState.Idle or WorkerState.Busy, LastBeat: { } lastBeat } &&
                     roster.Options.Limits.TimeHeartbeatGevent is > 0 and var silence && SilentFor(lastBeat, silence))
            {
                // Busy or idle alike: its connections last minutes or hours, only the heartbeat says it is alive. It
                // stops beating when stopped, or when its health check fails (WorkerHeartbeat's isHealthy).
                log.WorkerTimeout(worker.Name, silence);
                retirement.Kill(worker, $"limit_time_heartbeat_gevent ({silence}s) reached: no heartbeat");
            }
            else if (worker.State == WorkerState.Booting && now - worker.StartedAt >= BootTimeout)
            {
                // A worker that never gets ready is a boot failure like one that dies at boot: the replacement
                // waits for the back-off, or a binary that always hangs at boot would be re-forked at once, forever.
                var delay = spawner.BootFailed(worker, now);
                log.WorkerBootTimeout(worker.Name, BootTimeout.TotalSeconds, delay.TotalSeconds);
                retirement.Kill(worker, "boot timeout");
            }
            else if (worker.RetireReason is null && ResidentMemory.OfProcess(worker.Pid) is { } rss && rss > HardMemoryLimitOf(worker.Kind))
            {
                log.WorkerMemoryHard(worker.Name, rss, HardMemoryLimitOf(worker.Kind));
                retirement.Kill(worker, $"limit_memory_hard ({HardMemoryLimitOf(worker.Kind)} bytes) exceeded");
            }
        }
    }

    private bool SilentFor(long lastBeat, int seconds) =>
        time.GetElapsedTime(lastBeat) >= Max(TimeSpan.FromSeconds(seconds), ShortestSilence);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string LimitNameOf(WorkerKind kind) => kind == WorkerKind.Cron ? "limit_time_real_cron" : "limit_time_real";

    private int TimeoutOf(WorkerKind kind) => kind switch
    {
        WorkerKind.Http => roster.Options.Limits.TimeReal,
        WorkerKind.Cron => roster.Options.Limits.EffectiveTimeRealCron,
        _ => 0, // the longpolling worker's requests are unbounded by design: its heartbeat is watched instead
    };

    private long HardMemoryLimitOf(WorkerKind kind) => MemoryLimits.Hard(kind, roster.Options.Limits);
}
