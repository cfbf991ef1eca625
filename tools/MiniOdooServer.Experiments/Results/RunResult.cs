using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Wrk;

namespace MiniOdooServer.Experiments.Results;

/// <summary>
/// One wrk run of the matrix and what it measured: the CPU seconds the server's processes used during it, and why
/// it was rejected as physically impossible (<see cref="PhysicalCheck"/>; null when accepted).
/// </summary>
internal sealed record RunResult(ExperimentPoint Point, WrkResult Wrk, string? Rejection = null, double? ServerCpuSeconds = null)
{
    public bool Accepted => Rejection is null;
}
