using MiniOdooServer.App.Http;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.ScoreboardBridge;

namespace MiniOdooServer.Roles;

/// <summary>What every worker's HTTP server shares: the master's socket, the logging, its identity and its slot.</summary>
internal static class WorkerServerSettings
{
    /// <param name="role">The role the process answers as (<see cref="ProcessIdentity"/>).</param>
    public static HttpServerSettings For(WorkerContext worker, LoggingSession logging, string role) => new()
    {
        Listen = new ListenTarget.InheritedSocket(worker.ListenFd, $"inherited fd {worker.ListenFd}"),
        LoggerFactory = logging.Factory,
        AccessLog = logging.AccessLog,
        TrackInFlightRequests = false, // SIGQUIT shows the master's worker table instead
        Identity = ProcessIdentity.Current(role, worker.Environment.Generation),
        Counters = new SlotRequestCounters(worker.Slot.Counters),
        Status = new ScoreboardStatusSource(worker.Scoreboard, worker.Time),
    };
}
