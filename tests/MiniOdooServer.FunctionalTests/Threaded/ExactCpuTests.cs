using System.Text.Json;
using MiniOdooServer.Experiments.Server;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>
/// <c>/bench/cpu</c> and <c>/bench/replay</c> burn exact thread CPU time: what the answer says and what the kernel
/// counted for the server's processes agree with what was asked, however loaded the machine is (load changes only
/// wall time, which nothing here asserts).
/// </summary>
public sealed class ExactCpuTests
{
    [Fact]
    public async Task ACpuRequestAnswersAfterItsThreadBurnedTheMillisecondsAsked()
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench");
        await using var _ = server;

        var answer = await BenchJson.GetAsync(port, "/bench/cpu?ms=20");

        Assert.InRange(answer.GetProperty("thread_cpu_ms").GetDouble(), 20, 21);
        Assert.Equal(20, answer.GetProperty("ms").GetDouble());
        Assert.Equal(1, answer.GetProperty("computing_peak").GetInt32());
    }

    [Fact]
    public async Task AHundredRequestsOfTwentyMillisecondsCostTheServerTwoCpuSeconds()
    {
        // No cron threads: their polling would add CPU that no request asked for. A build that is not Native AOT
        // compiles each method once, fully optimised: tiered compilation would recompile in the background during
        // the measure (0.8 s of 3 here). Native AOT ignores the variable.
        var (server, port) = await Servers.StartThreadedAsync(
            new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" }, "--load", "base,web,bench", "--max-cron-threads", "0");
        await using var _ = server;
        // Calibration, connections and the first compilations out of the way.
        for (var i = 0; i < 300; i++)
        {
            await BenchJson.GetAsync(port, "/bench/cpu?ms=0.1");
        }

        var before = ServerCpuTime.OfGroup(server.Pid);
        // Two connections of 50 requests: both cores busy when the machine is idle, so the server's own background
        // work (timers) adds as little as it can.
        var answered = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            var sum = 0.0;
            for (var i = 0; i < 50; i++)
            {
                sum += (await BenchJson.GetAsync(port, "/bench/cpu?ms=20")).GetProperty("thread_cpu_ms").GetDouble();
            }
            return sum;
        }));
        var spent = ServerCpuTime.OfGroup(server.Pid) - before;

        Assert.InRange(answered.Sum(), 2000, 2050);
        Assert.InRange(spent.TotalSeconds, 2.0 * 0.85, 2.0 * 1.15);
    }

    [Fact]
    public async Task ReplayBurnsItsCpuBetweenItsQueriesAndWaitsItsSql()
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench");
        await using var _ = server;

        var answer = await BenchJson.GetAsync(port, "/bench/replay?sql_ms=40.5&cpu_ms=12.5&queries=9");

        Assert.Equal(server.Pid, answer.GetProperty("pid").GetInt32());
        Assert.Equal("threaded", answer.GetProperty("role").GetString());
        Assert.Equal((40.5, 12.5, 9), (answer.GetProperty("sql_ms").GetDouble(), answer.GetProperty("cpu_ms").GetDouble(), answer.GetProperty("queries").GetInt32()));
        // Over by one step of the burner at most: about 0.1 ms, slower when the core is shared (hyper-threads).
        Assert.InRange(answer.GetProperty("thread_cpu_ms").GetDouble(), 12.5, 12.8);
        // A timer may only end a wait late, and the next round trip gives the lateness back: over by the last one's at most.
        Assert.True(answer.GetProperty("sql_wait_ms").GetDouble() >= 40.5);
        Assert.True(answer.GetProperty("elapsed_ms").GetDouble() >= 40.5);
    }
}
