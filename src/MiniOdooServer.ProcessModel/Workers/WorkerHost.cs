using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// What <see cref="WorkerLifecycle"/> takes from the operating system — the master's pipes, its scoreboard, signals,
/// the process's limits and its exit — so that the lifecycle runs on fakes in tests.
/// </summary>
public sealed record WorkerHost
{
    public required Func<IMasterLink> LinkToMaster { get; init; }

    public required Func<Scoreboard> AttachScoreboard { get; init; }

    /// <summary>Sends each of the signals to the handler, which must only act quickly, until disposed.</summary>
    public required Func<Action<ProcessSignal>, ProcessSignal[], IDisposable> ListenForSignals { get; init; }

    public required Func<WorkerKind, WorkerSlot, WorkerLimits> Limits { get; init; }

    /// <summary>Leaves the process at once with the exit status (after writing out the log).</summary>
    public required Action<int> ExitNow { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public int ProcessId { get; init; } = Environment.ProcessId;

    /// <summary>This process, started by a master with <paramref name="environment"/>.</summary>
    public static WorkerHost ForCurrentProcess(WorkerEnvironment environment, LimitOptions limits, Action<int> exitNow) => new()
    {
        LinkToMaster = () => new MasterLink(environment),
        AttachScoreboard = () => Scoreboard.Attach(environment.ScoreboardFd),
        ListenForSignals = (handler, signals) => new SignalQueue(handler, signals),
        Limits = (kind, slot) => WorkerLimits.ForCurrentProcess(kind, limits, slot, TimeProvider.System),
        ExitNow = exitNow,
    };
}
