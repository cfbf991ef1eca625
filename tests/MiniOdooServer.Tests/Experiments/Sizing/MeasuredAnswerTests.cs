using HdrHistogram;
using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Sizing.Model;
using MiniOdooServer.Experiments.Sizing.Replay;
using MiniOdooServer.Experiments.Sizing.Report;
using MiniOdooServer.Experiments.Sizing.Sweep;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class MeasuredAnswerTests
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    [Fact]
    public void TheAnswerIsTheFewestWorkersHoldingTheTargetAtTheHighestSpeed()
    {
        SweepPoint[] points =
        [
            Point(workers: 1, speed: 1, p95Ms: 400), Point(workers: 1, speed: 4, p95Ms: 9000),
            Point(workers: 2, speed: 4, p95Ms: 1500), Point(workers: 3, speed: 4, p95Ms: 800),
            Point(workers: 4, speed: 4, p95Ms: 500), Point(workers: 0, speed: 4, p95Ms: 20000),
        ];

        var answer = MeasuredAnswer.From(points, Target, [Model(speed: 1, workers: 1), Model(speed: 4, workers: 3)], coresAvailable: 2);

        Assert.Equal(4, answer.Speed);
        Assert.Equal(3, answer.Workers);
        Assert.False(answer.ThreadedHolds);
        Assert.False(answer.ModelDisagrees);
        Assert.Contains("**`workers = 3`**", answer.Paragraph());
    }

    [Fact]
    public void WhenNothingHoldsAtTheHighestSpeedTheAnswerIsAtTheHighestThatHeldAndNamesTheOther()
    {
        var points = new[] { Point(workers: 2, speed: 1, p95Ms: 300), Point(workers: 2, speed: 4, p95Ms: 7000) };

        var answer = MeasuredAnswer.From(points, Target, [Model(speed: 1, workers: 2), Model(speed: 4, workers: null)], coresAvailable: 2);

        Assert.Equal(1, answer.Speed);
        Assert.Equal(2, answer.Workers);
        Assert.Contains("At 4× no configuration measured here held", answer.Paragraph());
    }

    [Fact]
    public void APointWithAnErrorDoesNotHoldWhateverItsLatency()
    {
        var points = new[] { Point(workers: 1, speed: 1, p95Ms: 100, errors: 1), Point(workers: 2, speed: 1, p95Ms: 100) };

        Assert.Equal(2, MeasuredAnswer.From(points, Target, [Model(1, 2)], coresAvailable: 2).Workers);
    }

    [Fact]
    public void AModelMoreThanAQuarterAwayIsFlagged()
    {
        var points = new[] { Point(workers: 4, speed: 1, p95Ms: 100) };

        var answer = MeasuredAnswer.From(points, Target, [Model(speed: 1, workers: 6)], coresAvailable: 2);

        Assert.True(answer.ModelDisagrees);
        Assert.Contains("differs from the measurement by more than 25 %", answer.Paragraph());
        Assert.False(MeasuredAnswer.Differs(4, 5));
    }

    [Fact]
    public void OnAMachineWithoutItsCoresTheAnswerSaysItIsNotMeasurable()
    {
        var points = new[] { Point(workers: 2, speed: 1, p95Ms: 100) };

        var answer = MeasuredAnswer.From(points, Target, [Model(1, 2)], coresAvailable: 0.4);

        Assert.StartsWith("**Not measurable on this machine now**", answer.Paragraph());
    }

    private static SweepPoint Point(int workers, double speed, double p95Ms, int errors = 0)
    {
        var histogram = new LongHistogram(1, 3_600_000_000, 3);
        histogram.RecordValueWithCount((long)(p95Ms * 1000), 100);
        var replay = new ReplayResult(100, 100 - errors, errors, new Dictionary<string, int>(), histogram, TimeSpan.FromSeconds(10),
            5, 0, 0, TimeSpan.Zero, new Dictionary<int, string> { [42] = "worker" }, 1, 2);
        return new SweepPoint(new ServerConfiguration(workers, Gil: true), speed, replay, 2, 80, 0, 0.5);
    }

    private static SizingAnswer Model(double speed, int? workers)
    {
        var point = new ModelPoint(0, 2, speed, 10, 0.5, 0.5, 0.1, 1, 0.1, 0.3, 0.3);
        return new SizingAnswer(speed, 1, 2, 10, 0.9 * speed, 0.5 * speed, workers, point, 2, workers, point, [point]);
    }
}
