using MiniOdooServer.Experiments.Results;

namespace MiniOdooServer.Tests.Experiments;

public sealed class PhysicalCheckTests
{
    // 1 s at 150 req/s of 10 ms on 2 cores: 1.5 CPU s, plus 0.1 CPU s idle.
    private static readonly RunMeasure Possible = new(150, 0, 0, 1.0, 10, 2, 1.6, 0.1);

    [Fact]
    public void APossibleRunIsAccepted() => Assert.Null(PhysicalCheck.Rejection(Possible));

    [Fact]
    public void ThroughputAboveWhatTheCoresCanDoIsRejected()
    {
        // The seed's figure: 1,166 req/s of 10 ms on 2 cores (11.7 cores).
        var reason = PhysicalCheck.Rejection(Possible with { ServerAnswers = 1166, ServerCpuSeconds = 11.76 });

        Assert.Equal("1,166 req/s of 10 ms of CPU each is more than 2 cores can do (200 req/s)", reason);
    }

    [Theory]
    [InlineData(1.2, "the server's processes used 1.2 CPU s (/proc) for 150 answers × 10 ms = 1.5 s (more than 15 % short)")]
    [InlineData(2.0, "the server's processes used 1.9 CPU s (/proc, less 0.1 s idle) for 150 answers × 10 ms = 1.5 s (+ 0.01 s in flight at most; more than 15 % over)")]
    public void ServerCpuThatDisagreesWithTheWorkAskedIsRejected(double cpu, string reason)
    {
        Assert.Equal(reason, PhysicalCheck.Rejection(Possible with { ServerCpuSeconds = cpu }));
    }

    [Fact]
    public void AnIdleMeasureTooHighNeverMakesEnoughCpuLookTooLittle()
    {
        Assert.Null(PhysicalCheck.Rejection(Possible with { ServerCpuSeconds = 1.5, IdleCpuSecondsPerSecond = 0.5 }));
    }

    [Fact]
    public void RequestsInFlightWhenWrkStopsMayAddOneRequestPerConnection()
    {
        // 16 connections each leave up to 10 ms computed and never answered: 1.66 s is possible, 2.0 is not.
        Assert.Null(PhysicalCheck.Rejection(Possible with { Connections = 16, ServerCpuSeconds = 1.66 * 1.1 + 0.1 }));
        Assert.NotNull(PhysicalCheck.Rejection(Possible with { Connections = 16, ServerCpuSeconds = 1.66 * 1.2 + 0.1 }));
    }

    [Fact]
    public void CpuWithinFifteenPercentIsAccepted()
    {
        Assert.Null(PhysicalCheck.Rejection(Possible with { ServerCpuSeconds = 1.51 * 1.14 + 0.1 }));
        Assert.Null(PhysicalCheck.Rejection(Possible with { ServerCpuSeconds = 1.5 * 0.86 }));
    }

    [Fact]
    public void AnswersFromSomethingElseAreRejected()
    {
        Assert.Contains("no answer named the server under test", PhysicalCheck.Rejection(Possible with { ServerAnswers = 0, Non2xx = 500 }));
        Assert.Contains("3 of 153 answers did not come from the server under test",
            PhysicalCheck.Rejection(Possible with { ForeignAnswers = 2, Non2xx = 1 }));
        Assert.Null(PhysicalCheck.Rejection(Possible with { Non2xx = 1 })); // within 1 %
    }

    [Fact]
    public void AWorkloadWithoutCpuIsCheckedOnlyForItsAnswers()
    {
        Assert.Null(PhysicalCheck.Rejection(Possible with { CpuMsPerRequest = 0, ServerAnswers = 5000, ServerCpuSeconds = 0.3 }));
    }
}
