using Microsoft.Extensions.Logging;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// How the master stops: gracefully (SIGINT to every worker, SIGKILL to those left at limit_time_real, no deadline
/// when it is 0), forcefully (SIGKILL to all at once: a second SIGINT/SIGTERM, or a worker's critical error), and
/// done once every worker has been reaped, with the server's exit status.
/// </summary>
internal sealed class StopSequence(WorkerRoster roster, WorkerRetirement retirement, TimeProvider time, ILogger log)
{
    private DateTimeOffset? _deadline;
    private bool _killSent;
    private bool _criticalExit;

    public bool Stopping { get; private set; }

    /// <summary>Set once the master is done: the exit status of the whole server.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>SIGINT or SIGTERM: every worker finishes its request, within <paramref name="timeReal"/> seconds unless 0.</summary>
    public void BeginGraceful(int timeReal)
    {
        if (Stopping)
        {
            return;
        }
        Stopping = true;
        _deadline = timeReal > 0 ? time.GetUtcNow().AddSeconds(timeReal) : null;
        log.StoppingGracefully();
        // A worker already retiring was told to go, or goes by itself, with its own reason (and journal entry).
        foreach (var worker in roster.All.Where(w => w.State != WorkerState.Retiring))
        {
            retirement.Retire(worker, "server stopping");
        }
    }

    /// <summary>A second SIGINT or SIGTERM during the stop: every worker is killed now, whatever limit_time_real is.</summary>
    public void ForceOnSecondSignal()
    {
        log.ForcedShutdown();
        retirement.KillAll("forced shutdown");
        _killSent = true;
    }

    /// <summary>
    /// A worker exited with Odoo's reserved status: the whole server stops at once. During a graceful stop it still
    /// ends the wait and sets the server's exit status, or a supervisor would read the failure as a clean stop.
    /// </summary>
    public void CriticalWorkerExited()
    {
        _criticalExit = true;
        if (!Stopping)
        {
            Stopping = true;
            _deadline = time.GetUtcNow();
            KillAll("forced stop");
        }
        else if (!_killSent)
        {
            KillAll("forced stop");
        }
    }

    /// <summary>On each tick while stopping: done when no worker is left; SIGKILL to the rest once the deadline has passed.</summary>
    public void Finish(DateTimeOffset now)
    {
        if (!Stopping)
        {
            return;
        }
        if (roster.Count == 0)
        {
            ExitCode = _criticalExit ? ExitCodes.CriticalWorkerError : ExitCodes.Success;
            return;
        }
        if (_deadline is { } deadline && now >= deadline && !_killSent)
        {
            KillAll("limit_time_real reached while stopping");
        }
    }

    private void KillAll(string reason)
    {
        log.StoppingForcefully();
        retirement.KillAll(reason);
        _killSent = true;
    }
}
