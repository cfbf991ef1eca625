using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Wrk;

namespace MiniOdooServer.Experiments.Results;

/// <summary>One wrk run of the matrix and what it measured.</summary>
internal sealed record RunResult(ExperimentPoint Point, WrkResult Wrk);
