using MiniOdooServer.Experiments.Results;
using MiniOdooServer.Experiments.Server;

namespace MiniOdooServer.Experiments;

/// <summary>
/// The experiment runner: <c>dotnet run --project tools/MiniOdooServer.Experiments -c Release -- --quick</c>.
/// Exit status 0 when both claims hold, 1 when one does not (the figures are written either way), 2 on bad usage,
/// 3 when a claim could not be measured (the machine could not give the cores it needs).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["sizing", .. var sizing])
        {
            return await Sizing.SizingCommand.RunAsync(sizing, Console.Out, Console.Error);
        }
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(RunnerOptions.Usage);
            return 0;
        }
        var options = RunnerOptions.Parse(args, out var error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"mini-odoo-experiments: {error}\n{RunnerOptions.Usage}");
            return 2;
        }

        var root = BinaryLocator.RepositoryRoot(AppContext.BaseDirectory);
        string binary;
        try
        {
            binary = BinaryLocator.Locate(options.Binary, root, Environment.GetEnvironmentVariable, File.Exists);
        }
        catch (FileNotFoundException e)
        {
            await Console.Error.WriteLineAsync($"mini-odoo-experiments: {e.Message}");
            return 2;
        }
        var output = Path.GetFullPath(options.OutputDirectory ?? options.DefaultOutput(root, DateTimeOffset.UtcNow));

        var verdicts = await new ExperimentRunner(options, binary, output, Console.Out).RunAsync();
        Console.WriteLine(await File.ReadAllTextAsync(Path.Combine(output, "results.md")));
        if (options.UpdateReadmeFigures)
        {
            ResultsPublisher.CopyFigures(output, Path.Combine(root, "bench", "results", options.MatrixName));
        }
        Console.WriteLine($"results in {output}");
        return verdicts.Any(v => v.Measurable && !v.Holds) ? 1 : verdicts.All(v => v.Holds) ? 0 : 3;
    }
}
