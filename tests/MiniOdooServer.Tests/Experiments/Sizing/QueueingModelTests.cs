using MiniOdooServer.Experiments.Sizing.Log;
using MiniOdooServer.Experiments.Sizing.Model;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class QueueingModelTests
{
    private static readonly DateTime Start = new(2024, 5, 13, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>A steady log: <paramref name="rate"/> requests/s for <paramref name="seconds"/>, each with the same figures.</summary>
    private static AccessLogSummary Steady(double rate, int seconds, double sql, double python)
    {
        var builder = new AccessLogSummaryBuilder(TimeSpan.FromSeconds(60));
        var count = (int)(rate * seconds);
        for (var i = 0; i < count; i++)
        {
            var logged = Start.AddSeconds((i + 0.5) / rate + sql + python);
            builder.Add(new AccessRecord(logged, "POST", "/web/dataset/call_kw/x/y", "/web/dataset/call_kw/x/y", 200, 5, sql, python, null));
        }
        return builder.Build(new LogReadTally());
    }

    [Fact]
    public void OneWorkerWithConstantServiceMatchesMd1()
    {
        // M/D/1 at ρ = 0.5: P(wait) = ρ; mean wait = ρ·S / (2(1 − ρ)) = S/2 (Allen–Cunneen is exact here).
        var log = Steady(rate: 5, seconds: 600, sql: 0.04, python: 0.06);
        var point = new QueueingModel(log, cores: 4).Evaluate(1, speed: 1);

        // The busiest 60 s window holds 301 of the evenly spaced requests, not 300.
        Assert.Equal(0.5, point.Utilisation, 2);
        Assert.Equal(point.Utilisation, point.ProbabilityOfWaiting, 9);
        Assert.Equal(0.1 + (point.Utilisation * 0.1 / (2 * (1 - point.Utilisation))), point.MeanResponse, 9);
        Assert.Equal(1.0, point.PythonStretch);
    }

    [Fact]
    public void MoreWorkersThanCoresStretchThePythonPartAndTheGilStretchesItMost()
    {
        var log = Steady(rate: 10, seconds: 600, sql: 0.05, python: 0.08); // 0.8 cores of Python
        var model = new QueueingModel(log, cores: 2);

        var within = model.Evaluate(2, 1);
        var beyond = model.Evaluate(6, 1);
        var gil = model.EvaluateThreadedGil(1);

        Assert.Equal(1.0, within.PythonStretch);
        Assert.True(beyond.PythonStretch > 1);
        Assert.Equal(0.8, gil.CpuUtilisation, 3);
        Assert.Equal(1 / (1 - 0.8), gil.PythonStretch, 3); // M/M/1 on one core: 1/(1 − ρ)
        Assert.True(gil.P95Peak > beyond.P95Peak);
    }

    [Fact]
    public void TrafficBeyondTheCoresIsOverloadedWhateverTheWorkers()
    {
        var log = Steady(rate: 10, seconds: 600, sql: 0.01, python: 0.25); // 2.5 cores of Python
        var point = new QueueingModel(log, cores: 2).Evaluate(64, 1);

        Assert.False(point.Stable);
        Assert.Equal(double.PositiveInfinity, point.P95Peak);
    }

    [Fact]
    public void ThePlannerFindsTheFewestWorkersAndTheExactCores()
    {
        var log = Steady(rate: 10, seconds: 600, sql: 0.20, python: 0.05); // 2.5 erlangs of service, 0.5 cores
        var answer = CapacityPlanner.Answer(log, cores: 2, speed: 1, targetP95Seconds: 0.5);

        Assert.NotNull(answer.Workers);
        var workers = answer.Workers!.Value;
        Assert.True(answer.AtAnswer!.P95Peak <= 0.5);
        Assert.True(answer.Points[^2].P95Peak > 0.5, "one worker fewer must miss the target");
        Assert.Equal(0.5, answer.CoresNeeded, 2);
        Assert.InRange(workers, 3, 8);

        var faster = CapacityPlanner.Answer(log, cores: 2, speed: 3, targetP95Seconds: 0.5);
        Assert.True(faster.Workers > workers);
        Assert.Equal(3 * answer.CoresNeeded, faster.CoresNeeded, 9);
        Assert.Contains("Odoo's rule of thumb gives 5 workers for 2 cores", faster.ToText());
    }

    [Fact]
    public void TooFewCoresGivesNoWorkerCountButTheCoresThatWouldDo()
    {
        var log = Steady(rate: 10, seconds: 600, sql: 0.02, python: 0.25); // 2.5 cores of Python
        var answer = CapacityPlanner.Answer(log, cores: 2, speed: 1, targetP95Seconds: 1);

        Assert.Null(answer.Workers);
        Assert.Equal(3, answer.CoresForTarget);
        Assert.NotNull(answer.WorkersForTarget);
        Assert.Contains("no worker count", answer.ToText());
    }

    [Fact]
    public void TheSampleLogIsSizedAndABurstWeighsOnTheWholeLogP95()
    {
        var tally = new LogReadTally();
        var log = AccessLogSummary.From(OdooLogReader.Read(SampleLog.Path, tally), tally);

        var answer = CapacityPlanner.Answer(log, cores: 2, speed: 1, targetP95Seconds: 1);

        Assert.NotNull(answer.Workers);
        Assert.Equal(log.PeakWindowPythonSeconds / log.Window.TotalSeconds, answer.CoresNeeded, 9);
        Assert.True(answer.CoresNeeded > log.MeanPythonPerSecond, "the burst needs more than the average");
        Assert.Contains("| threaded+GIL |", answer.PointsTable());

        // The burst overloads one core under the GIL: for ever at the sustained peak, for one window in the whole log.
        Assert.Equal(double.PositiveInfinity, answer.Threaded.P95Peak);
        Assert.InRange(answer.Threaded.P95Log, log.ServiceTime.P95, 10);
    }

    [Fact]
    public void ManyPhasesAreBinnedKeepingTheBusiestAndEveryRequestsWork()
    {
        var groups = Enumerable.Range(1, 500).Select(n => new WindowGroup(n, 2, n * 2 * 0.01, n * 2 * 0.02)).ToArray();

        var phases = QueueingModel.Compact(groups, groups[^1]);

        Assert.InRange(phases.Count, 2, QueueingModel.MaxPhases + 1);
        Assert.Contains(groups[^1], phases);
        Assert.Equal(groups.Sum(g => g.Windows), phases.Sum(g => g.Windows));
        // A bin's count is its windows' mean count, rounded: the requests it stands for move by well under 1 %.
        var requests = groups.Sum(g => (double)g.Requests * g.Windows);
        Assert.InRange(phases.Sum(g => (double)g.Requests * g.Windows), requests * 0.99, requests * 1.01);
        Assert.All(phases, p => Assert.Equal(0.01, p.PythonPerRequest, 9));
    }
}
