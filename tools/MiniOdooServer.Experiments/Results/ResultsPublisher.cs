namespace MiniOdooServer.Experiments.Results;

/// <summary>Copies a run's figures over the published ones (bench/results/&lt;matrix&gt;/, shown by docs/experiments.md): only on purpose, by a flag.</summary>
internal static class ResultsPublisher
{
    public static readonly IReadOnlyList<string> Files = ["results.csv", "results.md", "chart.png"];

    public static void CopyFigures(string runDirectory, string figuresDirectory)
    {
        Directory.CreateDirectory(figuresDirectory);
        foreach (var file in Files)
        {
            File.Copy(Path.Combine(runDirectory, file), Path.Combine(figuresDirectory, file), overwrite: true);
        }
    }
}
