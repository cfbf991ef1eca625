using Microsoft.Extensions.Logging;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>What every worker role does first — find the socket it inherited, tie its life to its master's — and how it leaves in a hurry.</summary>
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

    /// <summary>Leaves at once, writing out the log first: no request is worth finishing for a master that is gone.</summary>
    public static void ExitNow(LoggingSession logging, int exitCode)
    {
        logging.Dispose();
        Environment.Exit(exitCode);
    }
}
