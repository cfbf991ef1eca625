using MiniOdooServer.Configuration.Cron;

namespace MiniOdooServer.App.Cron;

/// <summary>
/// Told of each run, in the runner's own flow: a cron worker shows the job in its scoreboard slot (the master's
/// watchdog enforces limit_time_real_cron from it) and applies limit_time_cpu and the memory limits around it.
/// </summary>
public interface ICronRunObserver
{
    void JobStarted(CronJobDefinition job, CronClaim claim);

    void JobFinished(CronJobDefinition job, CronJobOutcome outcome);
}

/// <summary>How a run ended.</summary>
public enum CronJobOutcome
{
    Done,
    Failed,
    /// <summary>Cancelled at limit_time_real_cron (threaded mode; a cron worker is killed by its master instead).</summary>
    TimedOut,
    /// <summary>Cancelled because the process stops.</summary>
    Interrupted,
}

/// <summary>An observer that does nothing (threaded mode: no scoreboard, no per-job limits).</summary>
public sealed class NoCronRunObserver : ICronRunObserver
{
    public static readonly NoCronRunObserver Instance = new();

    public void JobStarted(CronJobDefinition job, CronClaim claim)
    {
    }

    public void JobFinished(CronJobDefinition job, CronJobOutcome outcome)
    {
    }
}
