using MiniOdooServer.Experiments.Sizing;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class SizingOptionsTests
{
    [Fact]
    public void QuickReplaysTenSecondsAtOneAndFourTimesOnThreadedAndOneTwoFourWorkers()
    {
        var options = SizingOptions.Parse(["--log", "odoo.log", "--quick"], out _)!;

        Assert.Equal([1.0, 4.0], options.Speeds);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Window);
        Assert.Equal([1, 2, 4], options.WorkerCounts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.TargetP95);
    }

    [Fact]
    public void SpeedsTargetAndWorkersAreRead()
    {
        var options = SizingOptions.Parse(["--log", "o.log", "--speed", "4,1x,2", "--target-p95", "500ms", "--max-workers", "6", "--out", "d"], out _)!;

        Assert.Equal([1.0, 2.0, 4.0], options.Speeds);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.TargetP95);
        Assert.Equal([1, 2, 3, 4, 6], options.WorkerCounts);
        Assert.Equal("d", options.OutputDirectory);
    }

    [Theory]
    [InlineData(new[] { "--quick" }, "--log FILE is required")]
    [InlineData(new[] { "--log" }, "--log needs a value")]
    [InlineData(new[] { "--log", "a", "--speed", "fast" }, "--speed 'fast'")]
    [InlineData(new[] { "--log", "a", "--target-p95", "soon" }, "--target-p95 'soon'")]
    [InlineData(new[] { "--log", "a", "--workers", "3" }, "unknown argument '--workers'")]
    public void BadArgumentsAreNamed(string[] args, string message)
    {
        Assert.Null(SizingOptions.Parse(args, out var error));
        Assert.Contains(message, error);
    }
}
