using MiniOdooServer.Configuration.Cron;

namespace MiniOdooServer.App.Cron;

/// <summary>Runs one job's action; throws when it fails (the runner logs it and the job waits for its next call).</summary>
public interface ICronJobExecutor
{
    Task RunAsync(CronJobDefinition job, CronClaim claim, CancellationToken cancellationToken);
}
