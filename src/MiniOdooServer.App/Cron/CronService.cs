using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Cron;

namespace MiniOdooServer.App.Cron;

/// <summary>
/// The cron runners of one process and their shared wake-up: <c>max_cron_threads</c> runners in threaded mode, one
/// in a cron worker. One listener hears triggers (datagram for SQLite, NOTIFY for PostgreSQL) and wakes every runner.
/// </summary>
public sealed partial class CronService(IReadOnlyList<CronRunner> runners, ICronStore store, ILogger log)
{
    /// <summary>Runs until <paramref name="stop"/> (running jobs finish) — <paramref name="abortJobs"/> cancels them too.</summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abortJobs)
    {
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var listener = Task.Run(async () =>
        {
            try
            {
                await store.ListenAsync(WakeAll, listening.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Triggers then wait for the next poll; jobs still run on time.
                LogListenFailed(e.Message);
            }
        }, CancellationToken.None);
        try
        {
            await Task.WhenAll(runners.Select(runner => Task.Run(() => runner.RunAsync(stop, abortJobs), CancellationToken.None)));
        }
        finally
        {
            await listening.CancelAsync();
            try
            {
                await listener;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Logs what this process will run, once at start.</summary>
    public static void LogJobs(ILogger log, IReadOnlyList<CronJobDefinition> jobs, string where)
    {
        var active = jobs.Where(j => j.Active).Select(j => $"{j.Name} ({j.Action.Name()} every {j.IntervalSeconds}s)").ToArray();
        log.LogInformation("Cron jobs ({Where}): {Jobs}", where, active.Length > 0 ? string.Join(", ", active) : "none active");
    }

    private void WakeAll()
    {
        foreach (var runner in runners)
        {
            runner.Wake();
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "cron trigger listener stopped: {Reason}")]
    private partial void LogListenFailed(string reason);
}
