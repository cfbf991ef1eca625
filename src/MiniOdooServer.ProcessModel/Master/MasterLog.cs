using Microsoft.Extensions.Logging;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// The log lines of the master and its collaborators, all written to the master's logger; the texts Odoo writes are
/// kept word for word so that log tooling matches them. Event ids are stable.
/// </summary>
internal static partial class MasterLog
{
    [LoggerMessage(1, LogLevel.Error, "{Worker} timeout after {Seconds}s")]
    public static partial void WorkerTimeout(this ILogger log, string worker, int seconds);

    [LoggerMessage(2, LogLevel.Error, "{Worker} did not start accepting within {Seconds}s: killed; next start in {Delay:0.0}s")]
    public static partial void WorkerBootTimeout(this ILogger log, string worker, double seconds, double delay);

    [LoggerMessage(3, LogLevel.Error, "{Worker} resident memory {Rss} bytes is over limit_memory_hard {Limit}: killed")]
    public static partial void WorkerMemoryHard(this ILogger log, string worker, long rss, long limit);

    // "Critial" is Odoo's own spelling; log tooling written for Odoo matches it.
    [LoggerMessage(4, LogLevel.Critical, "Critial worker error ({Pid})")]
    public static partial void CriticalWorkerError(this ILogger log, int pid);

    [LoggerMessage(5, LogLevel.Information, "{Worker} recycling: {Reason}")]
    public static partial void WorkerRecycling(this ILogger log, string worker, string reason);

    [LoggerMessage(6, LogLevel.Information, "{Worker} exited ({Reason}), status {ExitCode}")]
    public static partial void WorkerExited(this ILogger log, string worker, string reason, int exitCode);

    [LoggerMessage(7, LogLevel.Warning, "{Worker} died before it could accept (status {ExitCode}); next start in {Delay:0.0}s")]
    public static partial void WorkerDiedAtBoot(this ILogger log, string worker, int exitCode, double delay);

    [LoggerMessage(8, LogLevel.Warning, "{Worker} died unexpectedly (status {ExitCode}); replacing it")]
    public static partial void WorkerDied(this ILogger log, string worker, int exitCode);

    [LoggerMessage(9, LogLevel.Information, "Stopping gracefully")]
    public static partial void StoppingGracefully(this ILogger log);

    [LoggerMessage(10, LogLevel.Information, "Stopping forcefully")]
    public static partial void StoppingForcefully(this ILogger log);

    [LoggerMessage(11, LogLevel.Warning, "Forced shutdown.")]
    public static partial void ForcedShutdown(this ILogger log);

    [LoggerMessage(12, LogLevel.Information, "Reloading server: starting generation {Generation}")]
    public static partial void Reloading(this ILogger log, int generation);

    [LoggerMessage(13, LogLevel.Error, "Reload refused, the workers keep their configuration: {Reason}")]
    public static partial void ReloadRefused(this ILogger log, string reason);

    [LoggerMessage(14, LogLevel.Warning, "http_port, http_interface, gevent_port and listen_backlog changes need a restart: the listening sockets are kept")]
    public static partial void ListenAddressNeedsRestart(this ILogger log);

    [LoggerMessage(15, LogLevel.Information, "{Kind}: {Count} worker(s) of older generations retired, generation {Generation} is accepting")]
    public static partial void GenerationRetired(this ILogger log, string kind, int count, int generation);

    [LoggerMessage(16, LogLevel.Information, "HTTP workers: {Population} ({Signal})")]
    public static partial void PopulationChanged(this ILogger log, int population, string signal);

    [LoggerMessage(17, LogLevel.Information, "HTTP workers stay at {Population}: the last one is not removed")]
    public static partial void PopulationUnchanged(this ILogger log, int population);

    [LoggerMessage(18, LogLevel.Information, "{Line}")]
    public static partial void TableLine(this ILogger log, string line);

    [LoggerMessage(19, LogLevel.Information, "Upgrading: new master (pid {Pid}) started from the binary on disk with the listening sockets; this master serves until the new one's workers accept")]
    public static partial void UpgradeStarted(this ILogger log, int pid);

    [LoggerMessage(20, LogLevel.Warning, "Upgrade already in progress: new master (pid {Pid}) is starting")]
    public static partial void UpgradeInProgress(this ILogger log, int pid);

    [LoggerMessage(21, LogLevel.Error, "Upgrade failed, this master keeps serving: new master (pid {Pid}): {Reason}")]
    public static partial void UpgradeFailed(this ILogger log, int pid, string reason);

    [LoggerMessage(22, LogLevel.Warning, "SIGUSR2 (binary upgrade) is not available here")]
    public static partial void UpgradeUnavailable(this ILogger log);

    [LoggerMessage(23, LogLevel.Information, "Stopping: new master (pid {Pid}) has taken over")]
    public static partial void UpgradeHandedOver(this ILogger log, int pid);
}
