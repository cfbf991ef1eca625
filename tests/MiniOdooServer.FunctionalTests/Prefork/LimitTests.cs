using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

public sealed class LimitTests
{
    [Fact]
    public async Task LimitRequestRecyclesWorkersUnderLoadWithoutAFailedRequest()
    {
        var (server, port) = await Servers.StartPreforkAsync(2, "--load", "base,web,bench", "--limit-request", "20");
        await using var _ = server;
        var load = new LoadGenerator();

        await load.RunAsync($"http://127.0.0.1:{port}/bench/io?ms=2", clients: 4, CancellationToken.None, maxRequests: 200);

        Assert.Empty(load.Failures);
        Assert.Equal(200, load.Succeeded);
        Assert.True(load.ServedBy.Count >= 4, $"workers were recycled: {load.ServedBy.Count} pids served");
        Assert.Matches(@"Worker \(\d+\) max request \(2[0-2]\) reached\.", server.Output);
    }

    [Fact]
    public async Task LimitTimeRealKillsAStuckWorkerAndTheRequestDoesNotHang()
    {
        var (server, port) = await Servers.StartPreforkAsync(1, "--load", "base,web,bench", "--limit-time-real", "2");
        await using var _ = server;

        var started = DateTime.UtcNow;
        var answer = await Connections.RawGetAsync(port, "/bench/hang?s=30", TimeSpan.FromSeconds(20));

        Assert.Equal("", answer);
        var elapsed = DateTime.UtcNow - started;
        Assert.True(elapsed < TimeSpan.FromSeconds(8), $"the stuck request ended after {elapsed.TotalSeconds:0.0}s. Log:\n{server.Output}");
        await server.WaitForLogAsync(@"WorkerHTTP \(\d+\) timeout after 2s");
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: 2);
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
    }

    [Fact]
    public async Task LimitTimeCpuStopsARequestBurningTooMuchCpu()
    {
        var (server, port) = await Servers.StartPreforkAsync(1, "--load", "base,web,bench", "--limit-time-cpu", "1");
        await using var _ = server;

        var answer = await Connections.RawGetAsync(port, "/bench/cpu?ms=10000", TimeSpan.FromSeconds(20));

        Assert.Equal("", answer);
        await server.WaitForLogAsync(@"Worker \(\d+\) CPU time limit \(1\) reached\.");
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: 2);
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
    }

    [Fact]
    public async Task LimitMemorySoftRecyclesAWorkerAfterItsRequest()
    {
        var (server, port) = await Servers.StartPreforkAsync(1, "--load", "base,web,bench",
            "--limit-memory-soft", "150M", "--limit-memory-hard", "2G");
        await using var _ = server;

        var first = await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/bench/alloc?mb=200");
        await server.WaitForLogAsync(@"Worker \(\d+\) resident memory limit \(157286400\) reached");
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: 2);
        var second = await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/bench/alloc?mb=1");

        Assert.NotEqual(PopulationTests.PidOf(first), PopulationTests.PidOf(second));
    }

    [Fact]
    public async Task LimitMemoryHardStopsTheWorkerBeforeItGrowsPastIt()
    {
        var (server, port) = await Servers.StartPreforkAsync(1, "--load", "base,web,bench",
            "--limit-memory-soft", "150M", "--limit-memory-hard", "250M");
        await using var _ = server;
        var worker = server.HttpWorkerPids()[0];

        // An error answer or a closed connection ("") are both acceptable; a 200 or a hang are not.
        var answer = await Connections.RawGetAsync(port, "/bench/alloc?mb=600", TimeSpan.FromSeconds(20));

        Assert.DoesNotContain("HTTP/1.1 200", answer, StringComparison.Ordinal);
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: 2);
        Assert.False(Signals.IsAlive(worker) && server.HttpWorkerPids().Contains(worker), "the worker that hit the hard limit was replaced");
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
    }
}
