using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel.Status;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>The master's log lines; the texts Odoo writes are kept word for word so that log tooling matches them.</summary>
public sealed partial class PreforkMaster
{
    [LoggerMessage(1, LogLevel.Error, "{Worker} timeout after {Seconds}s")]
    private partial void LogWorkerTimeout(string worker, int seconds);

    [LoggerMessage(2, LogLevel.Error, "{Worker} did not start accepting within {Seconds}s: killed; next start in {Delay:0.0}s")]
    private partial void LogWorkerBootTimeout(string worker, double seconds, double delay);

    [LoggerMessage(3, LogLevel.Error, "{Worker} resident memory {Rss} bytes is over limit_memory_hard {Limit}: killed")]
    private partial void LogWorkerMemoryHard(string worker, long rss, long limit);

    // "Critial" is Odoo's own spelling; log tooling written for Odoo matches it.
    [LoggerMessage(4, LogLevel.Critical, "Critial worker error ({Pid})")]
    private partial void LogCriticalWorkerError(int pid);

    [LoggerMessage(5, LogLevel.Information, "{Worker} recycling: {Reason}")]
    private partial void LogWorkerRecycling(string worker, string reason);

    [LoggerMessage(6, LogLevel.Information, "{Worker} exited ({Reason}), status {ExitCode}")]
    private partial void LogWorkerExited(string worker, string reason, int exitCode);

    [LoggerMessage(7, LogLevel.Warning, "{Worker} died before it could accept (status {ExitCode}); next start in {Delay:0.0}s")]
    private partial void LogWorkerDiedAtBoot(string worker, int exitCode, double delay);

    [LoggerMessage(8, LogLevel.Warning, "{Worker} died unexpectedly (status {ExitCode}); replacing it")]
    private partial void LogWorkerDied(string worker, int exitCode);

    [LoggerMessage(9, LogLevel.Information, "Stopping gracefully")]
    private partial void LogStoppingGracefully();

    [LoggerMessage(10, LogLevel.Information, "Stopping forcefully")]
    private partial void LogStoppingForcefully();

    [LoggerMessage(11, LogLevel.Warning, "Forced shutdown.")]
    private partial void LogForcedShutdown();

    [LoggerMessage(12, LogLevel.Information, "Reloading server: starting generation {Generation}")]
    private partial void LogReloading(int generation);

    [LoggerMessage(13, LogLevel.Error, "Reload refused, the workers keep their configuration: {Reason}")]
    private partial void LogReloadRefused(string reason);

    [LoggerMessage(14, LogLevel.Warning, "http_port, http_interface and gevent_port changes need a restart: the listening sockets are kept")]
    private partial void LogListenAddressNeedsRestart();

    [LoggerMessage(15, LogLevel.Information, "{Kind}: {Count} worker(s) of older generations retired, generation {Generation} is accepting")]
    private partial void LogGenerationRetired(string kind, int count, int generation);

    [LoggerMessage(16, LogLevel.Information, "HTTP workers: {Population} ({Signal})")]
    private partial void LogPopulationChanged(int population, string signal);

    [LoggerMessage(17, LogLevel.Information, "HTTP workers stay at {Population}: the last one is not removed")]
    private partial void LogPopulationUnchanged(int population);

    [LoggerMessage(18, LogLevel.Information, "{Line}")]
    private partial void LogTableLine(string line);

    /// <summary>SIGQUIT and SIGUSR1: the worker table, in the same format as <c>mini-odoo status</c>.</summary>
    private void LogWorkerTable()
    {
        ReadActivity();
        var now = _time.GetUtcNow();
        LogTableLine($"{_workers.Count} worker(s), generation {_generation}, HTTP population {_httpPopulation}");
        var rows = _workers.OrderBy(w => w.Kind).ThenBy(w => w.StartedAt).Select(w => new WorkerTableRow(
            w.Pid, w.Kind.Role(), w.Generation, w.State.ToString().ToLowerInvariant(), w.Served, now - w.StartedAt,
            w.LastActivity?.ResidentBytes ?? 0, w.LastActivity?.CpuTime ?? TimeSpan.Zero, _journal.LastExitInSlot(w),
            w.CurrentRequest ?? (w.Kind == WorkerKind.LongPolling ? $"{w.LastActivity?.Connections ?? 0} connection(s)" : null),
            w.CurrentRequest is not null && w.BusySince is { } since ? _time.GetElapsedTime(since) : null));
        foreach (var line in WorkerTable.Lines(rows))
        {
            LogTableLine(line);
        }
    }
}
