using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>One entry of the master's ring of recent events.</summary>
public sealed record SupervisionEvent(
    long Number, DateTimeOffset At, SupervisionEventType Type, WorkerKind Kind, int Pid, int Generation, ExitReason Reason, string Detail);
