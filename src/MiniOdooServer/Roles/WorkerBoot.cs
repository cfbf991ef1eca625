using Microsoft.Extensions.Logging;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Status;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>
/// What every worker role does first — find the socket it inherited, tie its life to its master's, show itself in the
/// scoreboard — and how it leaves in a hurry.
/// </summary>
internal static class WorkerBoot
{
    /// <summary>The listening descriptor the master handed down; null, after saying so, when there is none.</summary>
    public static int? InheritedSocket(WorkerEnvironment environment, ILogger log, string workerName)
    {
        if (environment.ListenFd is { } listenFd)
        {
            return listenFd;
        }
        log.LogCritical("{Worker} started without a listening socket ({Variable} unset)", workerName, WorkerEnvironment.ListenFdVariable);
        return null;
    }

    /// <summary>The pipes to the master; when the master is gone, even SIGKILLed, this worker exits at once.</summary>
    public static MasterLink LinkToMaster(WorkerEnvironment environment, LoggingSession logging)
    {
        var master = new MasterLink(environment);
        master.WatchMaster(() => ExitNow(logging, ExitCodes.Failure));
        return master;
    }

    /// <summary>
    /// Maps the master's scoreboard and marks this worker's slot ready, with what it costs before its first request or
    /// job, so the worker table shows it from the start (later its request path or its timer keeps it current).
    /// Written before the first accept: from then on the slot is the worker's alone.
    /// </summary>
    public static Scoreboard AttachScoreboard(WorkerEnvironment environment, out WorkerSlot slot)
    {
        var scoreboard = Scoreboard.Attach(environment.ScoreboardFd);
        slot = scoreboard[environment.ScoreboardSlot];
        slot.Ready(Environment.ProcessId);
        slot.SetUsage(ResidentMemory.OfProcess(Environment.ProcessId) ?? 0, Environment.CpuUsage.TotalTime);
        return scoreboard;
    }

    /// <summary>Leaves at once, writing out the log first: no request is worth finishing for a master that is gone.</summary>
    public static void ExitNow(LoggingSession logging, int exitCode)
    {
        logging.Dispose();
        Environment.Exit(exitCode);
    }
}
