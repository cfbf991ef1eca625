using System.Globalization;
using MiniOdooServer.Experiments.Matrix;

namespace MiniOdooServer.Experiments;

/// <summary>The runner's command line: which matrix, where the results go, which binary, and overrides of the matrix.</summary>
internal sealed record RunnerOptions(string MatrixName, ExperimentMatrix Matrix, string? OutputDirectory, string? Binary, string Wrk)
{
    /// <summary>Whether the run's files also replace the published figures (bench/results/&lt;matrix&gt;/, shown by docs/experiments.md).</summary>
    public bool UpdateReadmeFigures { get; init; }

    /// <summary>Where a run's files go without <c>--out</c>: a new folder under the git-ignored experiments/ of the repository.</summary>
    public string DefaultOutput(string repositoryRoot, DateTimeOffset now) =>
        Path.Combine(repositoryRoot, "experiments", $"{MatrixName}-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

    public const string Usage =
        """
        usage: dotnet run --project tools/MiniOdooServer.Experiments -c Release -- [--quick | --full] [options]
          --quick             the reduced matrix (default): under 2 minutes
          --full              workers 0/1/2/4 x gil off/on x cpu/io/mixed x c=1/4/16/64, 3 runs of 3 s (~15 min)
          --out DIR           where results.csv, results.md and chart.png go (default: a new folder
                              experiments/<matrix>-<UTC time>, git-ignored; printed at the end)
          --update-readme-figures  also copy them to bench/results/<matrix>/, the figures docs/experiments.md shows
          --binary PATH       the mini-odoo binary (default: MINI_ODOO_BIN, artifacts/native, then the build output)
          --wrk PATH          the wrk binary (default: wrk on PATH)
          --duration SECONDS  seconds per run (overrides the matrix)
          --repeats N         runs per point (overrides the matrix)
        """;

    /// <summary>Parses <paramref name="args"/>; on a bad argument, <paramref name="error"/> says which and why.</summary>
    public static RunnerOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var name = "quick";
        string? output = null, binary = null;
        var wrk = "wrk";
        int? duration = null, repeats = null;
        var updateReadme = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--quick" or "--full":
                    name = arg[2..];
                    break;
                case "--update-readme-figures":
                    updateReadme = true;
                    break;
                case "--out" or "--binary" or "--wrk" or "--duration" or "--repeats":
                    if (i + 1 >= args.Count)
                    {
                        error = $"{arg} needs a value";
                        return null;
                    }
                    var value = args[++i];
                    switch (arg)
                    {
                        case "--out":
                            output = value;
                            break;
                        case "--binary":
                            binary = value;
                            break;
                        case "--wrk":
                            wrk = value;
                            break;
                        default:
                            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > 3600)
                            {
                                error = $"{arg} '{value}' is not a whole number from 1 to 3600";
                                return null;
                            }
                            if (arg == "--duration")
                            {
                                duration = number;
                            }
                            else
                            {
                                repeats = number;
                            }
                            break;
                    }
                    break;
                default:
                    error = $"unknown argument '{arg}'";
                    return null;
            }
        }
        var matrix = name == "full" ? ExperimentMatrix.Full : ExperimentMatrix.Quick;
        matrix = matrix with
        {
            Duration = duration is { } seconds ? TimeSpan.FromSeconds(seconds) : matrix.Duration,
            Repeats = repeats ?? matrix.Repeats,
        };
        return new RunnerOptions(name, matrix, output, binary, wrk) { UpdateReadmeFigures = updateReadme };
    }
}
