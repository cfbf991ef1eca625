using MiniOdooServer.Experiments.Sizing.Model;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class ErlangCTests
{
    /// <summary>Values of the closed form Σ-and-factorial Erlang C (computed independently, exact to 1e-12).</summary>
    [Theory]
    [InlineData(1, 0.5, 0.5)] // M/M/1: the probability of waiting is the utilisation
    [InlineData(2, 1.0, 1.0 / 3)]
    [InlineData(2, 1.5, 0.6428571428571429)]
    [InlineData(5, 4.0, 0.5541125541125541)]
    [InlineData(10, 8.0, 0.4091801507964435)] // the call-centre textbook example: 10 agents, 8 erlangs → 40.9 %
    [InlineData(20, 15.0, 0.16042938741692364)]
    [InlineData(50, 45.0, 0.36386446720698834)]
    public void MatchesTheClosedForm(int servers, double load, double expected)
    {
        Assert.Equal(expected, ErlangC.ProbabilityOfWaiting(servers, load), 12);
    }

    [Fact]
    public void StaysFiniteForHundredsOfServersAndSaturatesAtFullLoad()
    {
        var many = ErlangC.ProbabilityOfWaiting(500, 480);

        Assert.InRange(many, 0.0, 1.0);
        Assert.Equal(1.0, ErlangC.ProbabilityOfWaiting(4, 4));
        Assert.Equal(1.0, ErlangC.ProbabilityOfWaiting(4, 9));
        Assert.Equal(0.0, ErlangC.ProbabilityOfWaiting(4, 0));
    }

    [Fact]
    public void MoreServersForTheSameLoadWaitLess()
    {
        var waits = Enumerable.Range(9, 10).Select(c => ErlangC.ProbabilityOfWaiting(c, 8.5)).ToArray();

        Assert.True(waits.Zip(waits.Skip(1)).All(p => p.First > p.Second));
    }
}
