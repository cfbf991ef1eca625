using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>
/// <c>gil = True</c> in threaded mode: CPU work is serialised by one process-wide lock, waits are not; with the option
/// off, two requests compute at once. Asserted on what does not depend on the machine's load: each answer says how
/// many requests of the process were computing at the same moment as it (<c>computing_peak</c>), how long it queued
/// for the lock (<c>gil_wait_ms</c>) and how much thread CPU it burned; never on wall durations.
/// </summary>
public sealed class GilTests
{
    private const string TwoHundredMs = "/bench/cpu?ms=200";

    [Fact]
    public async Task WithTheGilTwoCpuRequestsNeverComputeAtOnce()
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench", "--gil");
        await using var _ = server;
        await BenchJson.GetAsync(port, "/bench/cpu?ms=1"); // calibration, JIT and connections out of the way

        // Until one try shows the two contending for the lock (the second asked while the first computed): they
        // always do unless the client's second request reached the server after the first had finished.
        JsonElement[] pair = [];
        for (var attempt = 0; attempt < 3 && !pair.Any(a => a.GetProperty("gil_wait_ms").GetDouble() > 0); attempt++)
        {
            pair = await PairAsync(port, TwoHundredMs);
            Assert.All(pair, a => Assert.Equal(1, a.GetProperty("computing_peak").GetInt32()));
            Assert.All(pair, a => Assert.InRange(a.GetProperty("thread_cpu_ms").GetDouble(), 200, 201));
        }

        Assert.Contains(pair, a => a.GetProperty("gil_wait_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task WithoutTheGilTwoCpuRequestsComputeAtOnce()
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench");
        await using var _ = server;
        await BenchJson.GetAsync(port, "/bench/cpu?ms=1");

        JsonElement[] pair = [];
        for (var attempt = 0; attempt < 3 && !pair.All(a => a.GetProperty("computing_peak").GetInt32() == 2); attempt++)
        {
            pair = await PairAsync(port, TwoHundredMs);
        }

        Assert.All(pair, a => Assert.Equal(2, a.GetProperty("computing_peak").GetInt32()));
        Assert.All(pair, a => Assert.Equal(0, a.GetProperty("gil_wait_ms").GetDouble()));
        Assert.All(pair, a => Assert.InRange(a.GetProperty("thread_cpu_ms").GetDouble(), 200, 201));
    }

    [Fact]
    public async Task WithTheGilWaitsForIoStillOverlap()
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench", "--gil");
        await using var _ = server;
        await BenchJson.GetAsync(port, "/bench/cpu?ms=1");

        // 10 ms of computing, a 1,000 ms query, 10 ms of computing: released during the query, neither waits for
        // the lock longer than the other's 10 ms slices take; held over it, one would wait a whole second.
        var pair = await PairAsync(port, "/bench/replay?sql_ms=1000&cpu_ms=20&queries=1");

        Assert.All(pair, a => Assert.True(a.GetProperty("gil_wait_ms").GetDouble() < 500,
            $"a request waited {a.GetProperty("gil_wait_ms").GetDouble()} ms for the GIL: it must be released during I/O"));
        Assert.All(pair, a => Assert.True(a.GetProperty("sql_wait_ms").GetDouble() >= 1000));
    }

    [Fact]
    public async Task HelpListsTheGilOption()
    {
        await using var server = ServerProcess.Start(["--help"]);

        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Matches(@"--gil\s+Emulate CPython's GIL.*\[key: gil = True\]", server.Output);
    }

    private static async Task<JsonElement[]> PairAsync(int port, string path) =>
        await Task.WhenAll(BenchJson.GetAsync(port, path), BenchJson.GetAsync(port, path));
}
