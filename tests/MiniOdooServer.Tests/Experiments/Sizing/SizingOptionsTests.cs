using MiniOdooServer.Experiments;
using MiniOdooServer.Experiments.Sizing;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class SizingOptionsTests
{
    [Fact]
    public void QuickReplaysTenSecondsAtOneAndFourTimesOnThreadedAndOneTwoFourWorkers()
    {
        var options = Parse(["--log", "odoo.log", "--quick"], out _)!;

        Assert.Equal([1.0, 4.0], options.Speeds);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Window);
        Assert.Equal([1, 2, 4], options.WorkerCounts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.TargetP95);
    }

    [Fact]
    public void SpeedsTargetAndWorkersAreRead()
    {
        var options = Parse(["--log", "o.log", "--speed", "4,1x,2", "--target-p95", "500ms", "--max-workers", "6", "--out", "d"], out _)!;

        Assert.Equal([1.0, 2.0, 4.0], options.Speeds);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.TargetP95);
        Assert.Equal([1, 2, 3, 4, 6], options.WorkerCounts);
        Assert.Equal("d", options.OutputDirectory);
    }

    [Theory]
    [InlineData(new[] { "--quick" }, "--log FILE is required")]
    [InlineData(new[] { "--log" }, "Required argument missing for option: '--log'")]
    [InlineData(new[] { "--log", "a", "--speed", "fast" }, "--speed 'fast'")]
    [InlineData(new[] { "--log", "a", "--target-p95", "soon" }, "--target-p95 'soon'")]
    [InlineData(new[] { "--log", "a", "--workers", "3" }, "Unrecognized command or argument '--workers'")]
    [InlineData(new[] { "--log", "a", "--speed", "," }, "--speed needs at least one speed")]
    [InlineData(new[] { "--log", "a", "--speed", "1", "2" }, "Unrecognized command or argument '2'")]
    [InlineData(new[] { "--log", "a", "--speed", "1", "--speed", "2" }, "Option '--speed' expects a single argument but 2 were provided")]
    [InlineData(new[] { "--log", "a", "--target-p95", "601s" }, "--target-p95 '601s' is not a duration from 1ms to 600s")]
    [InlineData(new[] { "--log", "a", "--window", "86401" }, "--window '86401' is not a whole number from 1 to 86400")]
    [InlineData(new[] { "--log", "a", "--max-workers", "65" }, "--max-workers '65' is not a whole number from 1 to 64")]
    [InlineData(new[] { "--log", "a", "--quick", "true" }, "Unrecognized command or argument 'true'")]
    public void BadArgumentsAreNamed(string[] args, string message)
    {
        Assert.Null(Parse(args, out var error));
        Assert.Contains(message, error);
    }

    [Fact]
    public void AFullSweepHasItsOwnDefaults()
    {
        var options = Parse(["--log", "odoo.log"], out var error)!;

        Assert.Null(error);
        Assert.Equal(("odoo.log", false), (options.Log, options.Quick));
        Assert.Equal([1.0, 2.0, 4.0, 8.0], options.Speeds);
        Assert.Equal(TimeSpan.FromSeconds(120), options.Window);
        Assert.Equal(8, options.MaxWorkers);
    }

    [Fact]
    public void HelpListsEveryOptionWithoutTheLog()
    {
        var help = PrintedHelp.Of("sizing", "--help");

        foreach (var option in new[] { "--log <FILE>", "--quick", "--speed <LIST>", "--target-p95 <TIME>", "--window <SECONDS>", "--max-workers <K>", "--out <DIR>", "--binary <PATH>" })
        {
            Assert.Contains(option, help);
        }
    }

    /// <summary>Parses <paramref name="args"/> as what follows <c>sizing</c>.</summary>
    private static SizingOptions? Parse(string[] args, out string? error)
    {
        var arguments = new ExperimentsCommandLine().Parse(["sizing", .. args]);
        error = arguments.Error;
        return arguments.Sizing;
    }
}
