using System.Text;
using MiniOdooServer.Experiments.Sizing.Replay;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class HttpReplaySenderTests
{
    [Fact]
    public void TheRequestCarriesTheLoggedFiguresInMilliseconds()
    {
        var path = HttpReplaySender.PathOf(new ReplayRequest(TimeSpan.Zero, SqlMs: 81.5, CpuMs: 164.25, Queries: 37));

        Assert.Equal("/bench/replay?sql_ms=81.5&cpu_ms=164.25&queries=37", path);
    }

    [Fact]
    public void FiguresOverTheRoutesCeilingsAreClampedAndSqlTimeGetsARoundTrip()
    {
        var path = HttpReplaySender.PathOf(new ReplayRequest(TimeSpan.Zero, SqlMs: 25_000, CpuMs: 90_000, Queries: 0));

        Assert.Equal("/bench/replay?sql_ms=10000&cpu_ms=10000&queries=1", path);
    }

    [Theory]
    [InlineData("""{"pid":4242,"role":"worker","generation":1,"cpu_ms":3}""", true)]
    [InlineData("""{"role":"worker"}""", false)]
    [InlineData("""{"pid":4242}""", false)]
    [InlineData("<html>not found</html>", false)]
    public void AnAnswerCountsOnlyWhenItNamesTheProcess(string body, bool named)
    {
        Assert.Equal(named, HttpReplaySender.TryReadIdentity(Encoding.UTF8.GetBytes(body), out _, out _));
    }
}
