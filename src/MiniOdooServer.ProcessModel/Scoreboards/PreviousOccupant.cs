using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>The worker that held a slot before its current occupant, and why it left (recycled, killed, died).</summary>
public sealed record PreviousOccupant(int Pid, WorkerKind Kind, int Generation, DateTimeOffset ExitedAt, string Reason);
