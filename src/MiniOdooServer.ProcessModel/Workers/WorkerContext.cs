using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel.Scoreboards;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// What a worker role sees of the lifecycle: its socket, slot and limits, and the two ways it ends — asked to stop
/// (SIGINT) or retiring on its own (a limit reached), after which the master starts its replacement at once.
/// </summary>
public sealed class WorkerContext
{
    private readonly IMasterLink _master;
    private readonly IWorkerRole _role;
    private readonly ILogger _log;
    private readonly TaskCompletionSource _leaving = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _leave = new();
    private int _retiring;

    internal WorkerContext(
        WorkerEnvironment environment, Scoreboard scoreboard, WorkerSlot slot, WorkerLimits limits,
        IMasterLink master, IWorkerRole role, ILogger log, TimeProvider time, int processId)
    {
        Environment = environment;
        Scoreboard = scoreboard;
        Slot = slot;
        Limits = limits;
        Time = time;
        ProcessId = processId;
        _master = master;
        _role = role;
        _log = log;
    }

    public WorkerEnvironment Environment { get; }

    /// <summary>The listening descriptor inherited from the master (checked at boot for a role that names a socket user).</summary>
    public int ListenFd => Environment.ListenFd ?? throw new InvalidOperationException("This worker inherited no listening socket.");

    public Scoreboard Scoreboard { get; }

    public WorkerSlot Slot { get; }

    public WorkerLimits Limits { get; }

    public TimeProvider Time { get; }

    public int ProcessId { get; }

    /// <summary>Completes once the worker is asked to stop or retires: serving ends, draining begins.</summary>
    public Task Leaving => _leaving.Task;

    /// <summary>Cancelled when <see cref="Leaving"/> completes.</summary>
    public CancellationToken LeavingToken => _leave.Token;

    /// <summary>SIGINT: take no new work, finish what was taken, exit.</summary>
    public void Stop()
    {
        _role.StopAccepting();
        Leave();
    }

    /// <summary>
    /// Leaves on its own, once: takes no new work, shows itself exiting, logs why and tells the master, which starts a
    /// replacement now; the work in hand still finishes.
    /// </summary>
    public void Retire(RetireReason reason)
    {
        _role.StopAccepting();
        if (Interlocked.Exchange(ref _retiring, 1) != 0)
        {
            return;
        }
        Slot.SetState(WorkerSlotState.Exiting);
        Announce(reason);
        Leave();
    }

    /// <summary>Logs the reason and tells the master.</summary>
    internal void Announce(RetireReason reason)
    {
        _log.Log(reason.Level, "{Line}", reason.LogLine);
        _master.Send(new WorkerMessage.Exiting(reason.Reason));
    }

    private void Leave()
    {
        _leaving.TrySetResult();
        _leave.Cancel();
    }
}
