using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// The life of every worker, written once as gunicorn's <c>Worker.init_process()</c>: adopt the inherited socket, tie
/// its life to its master's, claim its scoreboard slot, take its signals, then the role's start, ready, serve and
/// drain (<see cref="IWorkerRole"/>), and exit with a status the master acts on. SIGINT: finish the work in hand, then
/// exit; SIGTERM: exit now; SIGXCPU (limit_time_cpu): log, tell the master and exit. Exits at once when its master is
/// gone.
/// </summary>
public sealed class WorkerLifecycle(WorkerEnvironment environment, WorkerHost host, ILogger log)
{
    /// <summary>Runs <paramref name="role"/> to its end; the process's exit status.</summary>
    public async Task<int> RunAsync(IWorkerRole role)
    {
        if (role.SocketUser is { } socketUser && environment.ListenFd is null)
        {
            log.LogCritical("{Worker} started without a listening socket ({Variable} unset)", socketUser, WorkerEnvironment.ListenFdVariable);
            await role.DisposeAsync();
            return ExitCodes.WorkerBootFailed;
        }
        // When the master is gone, even SIGKILLed, the worker leaves at once: no request is worth finishing for it.
        var master = host.LinkToMaster();
        master.WatchMaster(() => host.ExitNow(ExitCodes.Failure));

        using var scoreboard = host.AttachScoreboard();
        var slot = ClaimSlot(scoreboard);
        // Idle, it proves it is alive all the same — while its thread pool still runs work: the master kills a worker
        // that falls silent (limit_time_real; the longpolling worker's requests are unbounded, and its heartbeat is
        // the master's only proof that it still serves: limit_time_heartbeat_gevent).
        using var heartbeat = new WorkerHeartbeat(slot, host.Time, new ThreadPoolProbe().Answered);
        using var limits = host.Limits(role.Kind, slot);
        var worker = new WorkerContext(environment, scoreboard, slot, limits, master, role, log, host.Time, host.ProcessId);
        // What the role built goes before its slot and limits, which it may use to the end.
        await using var _ = role;
        using var signals = host.ListenForSignals(signal => OnSignal(signal, worker, limits), SignalsOf(limits));

        role.Prepare(worker);
        try
        {
            await role.StartAsync();
        }
        catch (Exception e)
        {
            log.LogCritical("Worker ({Pid}) could not start serving: {Reason}", host.ProcessId, e.Message);
            return ExitCodes.WorkerBootFailed;
        }
        log.LogInformation("Worker {Worker} ({Pid}) alive", role.Kind.OdooName(), host.ProcessId);
        master.Send(new WorkerMessage.Ready());

        await role.ServeAsync(worker);
        await role.DrainAsync();
        if (limits.CountsRequests)
        {
            log.LogInformation("Worker ({Pid}) exiting. request_count: {Count}.", host.ProcessId, limits.Served);
        }
        else
        {
            log.LogInformation("Worker ({Pid}) exiting.", host.ProcessId);
        }
        return ExitCodes.Success;
    }

    /// <summary>
    /// Marks the slot ready, with what the worker costs before its first request, so the worker table shows it from
    /// the start. Written before the first accept: from then on the slot is the worker's alone.
    /// </summary>
    private WorkerSlot ClaimSlot(Scoreboard scoreboard)
    {
        var slot = scoreboard[environment.ScoreboardSlot];
        slot.Ready(host.ProcessId);
        slot.SetUsage(ResidentMemory.OfProcess(host.ProcessId) ?? 0, Environment.CpuUsage.TotalTime);
        return slot;
    }

    private static ProcessSignal[] SignalsOf(WorkerLimits limits) => limits.LimitsCpu
        ? [ProcessSignal.Int, ProcessSignal.Term, ProcessSignal.Xcpu]
        : [ProcessSignal.Int, ProcessSignal.Term];

    private void OnSignal(ProcessSignal signal, WorkerContext worker, WorkerLimits limits)
    {
        switch (signal)
        {
            case ProcessSignal.Int:
                worker.Stop();
                break;
            case ProcessSignal.Term:
                host.ExitNow(ExitCodes.Success);
                break;
            case ProcessSignal.Xcpu:
                worker.Announce(limits.CpuTimeReached());
                host.ExitNow(ExitCodes.Failure);
                break;
        }
    }
}
