using System.Globalization;
using MiniOdooServer.Experiments.Matrix;

namespace MiniOdooServer.Experiments;

/// <summary>
/// What the runner was asked (read by <see cref="ExperimentsCommandLine"/>): which matrix, where the results go, which
/// binary, and overrides of the matrix.
/// </summary>
internal sealed record RunnerOptions(string MatrixName, ExperimentMatrix Matrix, string? OutputDirectory, string? Binary, string Wrk)
{
    /// <summary>Whether the run's files also replace the published figures (bench/results/&lt;matrix&gt;/, shown by docs/experiments.md).</summary>
    public bool UpdateReadmeFigures { get; init; }

    /// <summary>Where a run's files go without <c>--out</c>: a new folder under the git-ignored experiments/ of the repository.</summary>
    public string DefaultOutput(string repositoryRoot, DateTimeOffset now) =>
        Path.Combine(repositoryRoot, "experiments", $"{MatrixName}-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
}
