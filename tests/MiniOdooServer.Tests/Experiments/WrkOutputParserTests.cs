using MiniOdooServer.Experiments.Wrk;

namespace MiniOdooServer.Tests.Experiments;

public sealed class WrkOutputParserTests
{
    private const string Clean = """
        Running 1s test @ http://127.0.0.1:41234/bench/io?ms=20
          2 threads and 16 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency    21.37ms    1.02ms  28.11ms   90.12%
            Req/Sec   373.55     12.80   400.00     80.00%
          747 requests in 1.00s, 163.42KB read
        Requests/sec:    745.98
        Transfer/sec:    163.21KB
        """;

    private const string WithFailures = """
        Running 2s test @ http://127.0.0.1:41234/bench/cpu?units=10
          1 threads and 1 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     1.20s   300.00ms   1.90s    70.00%
            Req/Sec     0.50      0.50     1.00     50.00%
          3 requests in 2.01s, 1.00KB read
          Socket errors: connect 1, read 2, write 0, timeout 4
          Non-2xx or 3xx responses: 5
        Requests/sec:      1.49
        Transfer/sec:     509.00B
        """;

    [Fact]
    public void ReadsACleanSummary()
    {
        var result = WrkOutputParser.Parse(Clean);

        Assert.Equal(747, result.Requests);
        Assert.Equal(1.00, result.Seconds);
        Assert.Equal(745.98, result.RequestsPerSecond);
        Assert.Equal(21.37, result.LatencyAverageMs, 6);
        Assert.Equal(0, result.SocketErrors);
        Assert.Equal(0, result.Non2xxResponses);
        Assert.True(result.IsClean);
    }

    [Fact]
    public void CountsSocketErrorsAndNon2xxAnswers()
    {
        var result = WrkOutputParser.Parse(WithFailures);

        Assert.Equal(3, result.Requests);
        Assert.Equal(2.01, result.Seconds);
        Assert.Equal(1200, result.LatencyAverageMs, 6);
        Assert.Equal(1 + 2 + 0 + 4, result.SocketErrors);
        Assert.Equal(5, result.Non2xxResponses);
        Assert.False(result.IsClean);
    }

    [Theory]
    [InlineData("250", "us", 0.00025)]
    [InlineData("1.5", "ms", 0.0015)]
    [InlineData("2", "s", 2)]
    [InlineData("1", "m", 60)]
    public void ReadsEveryTimeUnit(string number, string unit, double seconds)
    {
        Assert.Equal(seconds, WrkOutputParser.ToSeconds(number, unit), 9);
    }

    [Fact]
    public void SomethingElseIsAFormatErrorNotAZero()
    {
        Assert.Throws<FormatException>(() => WrkOutputParser.Parse("unable to connect to 127.0.0.1:1 Connection refused"));
    }

    [Fact]
    public void TheCommandLineHasOneThreadPerConnectionUpToTwo()
    {
        Assert.Equal(["-t", "1", "-c", "1", "-d", "3s", "--timeout", "10s", "http://x/"],
            WrkRunner.Arguments("http://x/", 1, TimeSpan.FromSeconds(3), null));
        Assert.Equal(["-t", "2", "-c", "64", "-d", "1s", "--timeout", "10s", "-s", "mix.lua", "http://x/"],
            WrkRunner.Arguments("http://x/", 64, TimeSpan.FromSeconds(1), "mix.lua"));
    }

    [Fact]
    public void ReadsTheAnswersCountedByTheScript()
    {
        var result = WrkOutputParser.Parse(
            """
              14 requests in 1.02s, 3.96KB read
            Requests/sec:     13.75
            mini-odoo answers: server 12, foreign 2
            """);

        Assert.Equal((12L, 2L), (result.ServerAnswers, result.ForeignAnswers));
        Assert.Equal(12 / 1.02, result.ServerAnswersPerSecond, 6);
    }

    [Fact]
    public void TheScriptGetsTheRoleAndPidsAfterADoubleDash()
    {
        Assert.Equal("-t 2 -c 4 -d 1s --timeout 10s -s a.lua http://x/ -- http 10 11",
            string.Join(' ', WrkRunner.Arguments("http://x/", 4, TimeSpan.FromSeconds(1), "a.lua", ["http", "10", "11"])));
    }
}
