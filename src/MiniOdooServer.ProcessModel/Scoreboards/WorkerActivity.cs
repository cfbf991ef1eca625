using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>A consistent copy of one scoreboard slot. <paramref name="Pid"/> is 0 until the worker is ready.</summary>
/// <param name="Connections">Open connections, published by the longpolling worker.</param>
/// <param name="HeartbeatTimestamp">The monotonic clock at the worker's last heartbeat; 0 before its first.</param>
/// <param name="RequestStartedTimestamp">
/// The monotonic clock (<see cref="TimeProvider.GetTimestamp"/>) when the current request began: the watchdog compares
/// it, since wall time can jump. <paramref name="RequestStartedAt"/> is the same instant for people.
/// </param>
public sealed record WorkerActivity(
    int Pid,
    WorkerKind Kind,
    int Generation,
    WorkerSlotState State,
    DateTimeOffset StartedAt,
    long Served,
    long? RequestStartedTimestamp,
    DateTimeOffset? RequestStartedAt,
    string? Method,
    string? Path,
    long ResidentBytes,
    TimeSpan CpuTime,
    int Connections = 0,
    long HeartbeatTimestamp = 0)
{
    public static WorkerActivity None { get; } = new(
        0, WorkerKind.Http, 0, WorkerSlotState.Free, DateTimeOffset.UnixEpoch, 0, null, null, null, null, 0, TimeSpan.Zero);

    /// <summary><c>GET /web/health</c>, or null when no request is under way.</summary>
    public string? CurrentRequest => State == WorkerSlotState.Busy && Method is not null ? $"{Method} {Path}" : null;
}
