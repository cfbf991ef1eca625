using MiniOdooServer.Experiments;
using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Server;

namespace MiniOdooServer.Tests.Experiments;

public sealed class RunnerOptionsTests
{
    [Fact]
    public void NoArgumentsRunTheQuickMatrix()
    {
        var options = Parse([], out var error);

        Assert.Null(error);
        Assert.Equal("quick", options!.MatrixName);
        Assert.Equal(ExperimentMatrix.Quick, options.Matrix);
        Assert.Equal("wrk", options.Wrk);
    }

    [Fact]
    public void OverridesApplyToTheChosenMatrix()
    {
        var options = Parse(["--full", "--duration", "2", "--repeats", "5", "--out", "/tmp/x", "--binary", "/b", "--wrk", "/w"], out _);

        Assert.Equal("full", options!.MatrixName);
        Assert.Equal(ExperimentMatrix.Full.Servers, options.Matrix.Servers);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Matrix.Duration);
        Assert.Equal(5, options.Matrix.Repeats);
        Assert.Equal(("/tmp/x", "/b", "/w"), (options.OutputDirectory, options.Binary, options.Wrk));
    }

    [Theory]
    [InlineData("--fast", "Unrecognized command or argument '--fast'")]
    [InlineData("--out", "Required argument missing for option: '--out'")]
    [InlineData("--duration 0", "--duration '0' is not a whole number from 1 to 3600")]
    [InlineData("--repeats two", "--repeats 'two' is not a whole number from 1 to 3600")]
    [InlineData("--repeats +5", "--repeats '+5' is not a whole number from 1 to 3600")]
    [InlineData("--duration 3601", "--duration '3601' is not a whole number from 1 to 3600")]
    [InlineData("--quick false", "Unrecognized command or argument 'false'")]
    [InlineData("--quick --full", "--quick and --full are alternatives: give one")]
    [InlineData("--out a --out b", "Option '--out' expects a single argument but 2 were provided")]
    public void ABadArgumentIsRefusedWithWhy(string args, string message)
    {
        Assert.Null(Parse(args.Split(' '), out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void AnErrorIsOneLineThatSaysWhereTheOptionsAreListed()
    {
        var runner = new ExperimentsCommandLine().Parse(["--duration", "0"]);
        var sizing = new ExperimentsCommandLine().Parse(["sizing", "--log", "a", "--window", "0"]);

        Assert.Equal("mini-odoo-experiments: --duration '0' is not a whole number from 1 to 3600; see --help", runner.ErrorLine);
        Assert.Equal("mini-odoo-experiments sizing: --window '0' is not a whole number from 1 to 86400; see sizing --help", sizing.ErrorLine);
        Assert.Null(new ExperimentsCommandLine().Parse([]).ErrorLine);
    }

    [Fact]
    public void TheRunnersOptionsBeforeSizingAreRefusedNotIgnored()
    {
        var arguments = new ExperimentsCommandLine().Parse(["--out", "d", "sizing", "--log", "a"]);

        Assert.Null(arguments.Sizing);
        Assert.Equal("--out is the runner's option, not sizing's: sizing's options go after 'sizing'", arguments.Error);
    }

    [Fact]
    public void HelpListsEveryOptionOfTheRunnerAndTheSizingCommand()
    {
        var help = PrintedHelp.Of("--help");

        foreach (var option in new[] { "--quick", "--full", "--out <DIR>", "--update-readme-figures", "--binary <PATH>", "--wrk <PATH>", "--duration <SECONDS>", "--repeats <N>", "sizing" })
        {
            Assert.Contains(option, help);
        }
    }

    private static RunnerOptions? Parse(string[] args, out string? error)
    {
        var arguments = new ExperimentsCommandLine().Parse(args);
        error = arguments.Error;
        return arguments.Runner;
    }

    [Fact]
    public void TheBinaryIsTheOneGivenThenTheEnvironmentThenTheNativeBuildThenTheBuildOutput()
    {
        var native = Path.Combine("/repo", "artifacts", "native", "mini-odoo");
        var release = Path.Combine("/repo", "src", "MiniOdooServer", "bin", "Release", "net10.0", "mini-odoo");
        string? NoEnvironment(string _) => null;

        Assert.Equal("/given", BinaryLocator.Locate("/given", "/repo", NoEnvironment, _ => true));
        Assert.Equal("/env/mini-odoo", BinaryLocator.Locate(null, "/repo", _ => "/env/mini-odoo", _ => true));
        Assert.Equal(native, BinaryLocator.Locate(null, "/repo", NoEnvironment, _ => true));
        Assert.Equal(release, BinaryLocator.Locate(null, "/repo", NoEnvironment, p => p == release));
        Assert.Throws<FileNotFoundException>(() => BinaryLocator.Locate(null, "/repo", NoEnvironment, _ => false));
        Assert.Throws<FileNotFoundException>(() => BinaryLocator.Locate("/missing", "/repo", NoEnvironment, _ => false));
    }

    [Fact]
    public void TheProgressLineSaysWhichStepWhatAndTheTimeLeft()
    {
        var point = new ExperimentPoint(new(2, true), Workload.Io, 16, 2);

        var line = ProgressLine.Format(9, 60, ProgressLine.Describe(point), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(100));

        Assert.Equal("[10/60] prefork 2, gil, io, c=16, run 2 | 30 s elapsed, ~170 s left", line);
        Assert.EndsWith("~100 s left", ProgressLine.Format(0, 60, "starting", TimeSpan.Zero, TimeSpan.FromSeconds(100)));
    }

    [Fact]
    public void ResultsGoToANewFolderUnderExperimentsAndTheReadmeFiguresOnlyOnPurpose()
    {
        var options = Parse([], out _)!;
        var flagged = Parse(["--update-readme-figures"], out _)!;

        Assert.Equal("/repo/experiments/quick-20261206-131500", options.DefaultOutput("/repo", new DateTimeOffset(2026, 12, 6, 13, 15, 0, TimeSpan.Zero)));
        Assert.False(options.UpdateReadmeFigures);
        Assert.True(flagged.UpdateReadmeFigures);
    }
}
