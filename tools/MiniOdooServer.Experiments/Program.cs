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
        var arguments = new ExperimentsCommandLine().Parse(args);
        if (arguments.ErrorLine is { } error)
        {
            await Console.Error.WriteLineAsync(error);
            return 2;
        }
        if (arguments.Sizing is { } sizing)
        {
            return await Sizing.SizingCommand.RunAsync(sizing, string.Join(' ', args), Console.Out, Console.Error);
        }
        if (arguments.Runner is not { } options)
        {
            return await arguments.Result.InvokeAsync();
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
