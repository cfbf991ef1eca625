using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Results;
using MiniOdooServer.Experiments.Wrk;

namespace MiniOdooServer.Tests.Experiments;

public sealed class ClaimCheckTests
{
    /// <summary>Figures shaped like Python's: the GIL flattens threads on CPU, workers cap I/O.</summary>
    private static readonly Dictionary<(ServerConfiguration, Workload, int), double> PythonLike = new()
    {
        [(new(0, true), Workload.Cpu, 1)] = 95, [(new(0, true), Workload.Cpu, 16)] = 98,
        [(new(1, true), Workload.Cpu, 1)] = 90, [(new(1, true), Workload.Cpu, 16)] = 96,
        [(new(2, true), Workload.Cpu, 1)] = 90, [(new(2, true), Workload.Cpu, 16)] = 185,
        [(new(0, true), Workload.Io, 1)] = 48, [(new(0, true), Workload.Io, 16)] = 760,
        [(new(1, true), Workload.Io, 1)] = 45, [(new(1, true), Workload.Io, 16)] = 49,
        [(new(2, true), Workload.Io, 1)] = 45, [(new(2, true), Workload.Io, 16)] = 97,
    };

    private static IReadOnlyList<PointSummary> Summaries(Dictionary<(ServerConfiguration, Workload, int), double> rates) =>
        PointSummary.From(rates.Select(r => new RunResult(new ExperimentPoint(r.Key.Item1, r.Key.Item2, r.Key.Item3, 1),
            new WrkResult((long)r.Value, 1, r.Value, 10, 0, 0))));

    [Fact]
    public void BothClaimsHoldOnPythonShapedFigures()
    {
        var verdicts = ClaimCheck.Check(Summaries(PythonLike));

        Assert.All(verdicts, v => Assert.True(v.Holds, v.Evidence));
        Assert.Contains("prefork 2 does 1.93× prefork 1", verdicts[0].Evidence);
    }

    [Fact]
    public void TheCpuClaimFailsWhenThreadsUnderTheGilStillScale()
    {
        var rates = new Dictionary<(ServerConfiguration, Workload, int), double>(PythonLike)
        {
            [(new(0, true), Workload.Cpu, 16)] = 190,
        };

        var verdicts = ClaimCheck.Check(Summaries(rates));

        Assert.False(verdicts[0].Holds);
        Assert.True(verdicts[1].Holds);
    }

    [Fact]
    public void FlatnessUnderTheGilIsMeasuredFromTwoConnectionsWhenThereAreMore()
    {
        // One connection idles the CPU during each round trip: 50 req/s there says nothing about threads.
        var rates = new Dictionary<(ServerConfiguration, Workload, int), double>(PythonLike)
        {
            [(new(0, true), Workload.Cpu, 1)] = 50,
            [(new(0, true), Workload.Cpu, 4)] = 95,
        };

        var verdict = ClaimCheck.Check(Summaries(rates))[0];

        Assert.True(verdict.Holds, verdict.Evidence);
        Assert.Contains("from c=4 to c=16", verdict.Evidence);
    }

    [Fact]
    public void TheCpuClaimFailsWhenWorkersDoNotAddThroughput()
    {
        var rates = new Dictionary<(ServerConfiguration, Workload, int), double>(PythonLike)
        {
            [(new(2, true), Workload.Cpu, 16)] = 100,
        };

        Assert.False(ClaimCheck.Check(Summaries(rates))[0].Holds);
    }

    [Fact]
    public void TheIoClaimFailsWhenAPreforkServerPassesItsWorkerCap()
    {
        var rates = new Dictionary<(ServerConfiguration, Workload, int), double>(PythonLike)
        {
            [(new(1, true), Workload.Io, 16)] = 400, // one worker, one 20 ms request at a time: 50 req/s at most
        };

        var verdicts = ClaimCheck.Check(Summaries(rates));

        Assert.True(verdicts[0].Holds);
        Assert.False(verdicts[1].Holds);
    }

    [Fact]
    public void TheIoClaimFailsWhenThreadsDoNotGrow()
    {
        var rates = new Dictionary<(ServerConfiguration, Workload, int), double>(PythonLike)
        {
            [(new(0, true), Workload.Io, 16)] = 60,
        };

        Assert.False(ClaimCheck.Check(Summaries(rates))[1].Holds);
    }

    [Fact]
    public void MissingFiguresAreNotMeasuredRatherThanHeld()
    {
        var verdicts = ClaimCheck.Check([]);

        Assert.All(verdicts, v => Assert.False(v.Holds));
        Assert.All(verdicts, v => Assert.StartsWith("not measured", v.Evidence));
    }

    [Fact]
    public void WhenTheMachineCannotGiveTheCoresAClaimIsNotMeasurableInsteadOfFailing()
    {
        var verdicts = ClaimCheck.Check(Summaries(PythonLike), coresAvailable: 0.4);

        Assert.All(verdicts, v => Assert.False(v.Measurable));
        Assert.All(verdicts, v => Assert.Equal("not measurable on this machine now", v.Word));
        Assert.StartsWith("two spinning threads got 0.40 cores before the run, the claim needs 1.5", verdicts[0].Evidence);
        Assert.All(ClaimCheck.Check(Summaries(PythonLike), coresAvailable: 1.9), v => Assert.True(v.Holds && v.Measurable));
    }
}
