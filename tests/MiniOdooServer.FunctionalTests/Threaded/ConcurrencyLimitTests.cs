using System.Diagnostics;
using System.Net;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>ODOO_MAX_HTTP_THREADS caps how many requests run at once; unset, requests overlap freely.</summary>
public sealed class ConcurrencyLimitTests
{
    private static readonly TimeSpan OneRequest = TimeSpan.FromMilliseconds(800);

    [Fact]
    public async Task WithOneHttpThreadTwoWaitingRequestsRunOneAfterTheOther()
    {
        var (server, port) = await Servers.StartThreadedAsync(
            new Dictionary<string, string> { ["ODOO_MAX_HTTP_THREADS"] = "1" }, "--load", "base,web,bench");
        await using var _ = server;

        var took = await TwoConcurrentWaitsAsync(port);

        Assert.True(took >= 2 * OneRequest - TimeSpan.FromMilliseconds(50), $"two capped requests took {took.TotalMilliseconds} ms: they overlapped");
    }

    [Fact]
    public async Task WithoutTheCapTwoWaitingRequestsOverlap()
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench");
        await using var _ = server;

        // Seen, not timed: SIGQUIT lists the requests in flight, and both must be listed at once.
        var first = GetAsync(port, 8000);
        var second = GetAsync(port, 8000);
        var asked = 0;
        await Wait.UntilAsync(async () =>
        {
            server.Signal(Signals.Quit);
            var dump = await server.WaitForLogAsync(@"(\d+) request\(s\) in flight", occurrences: ++asked);
            return int.Parse(dump.Groups[1].Value) >= 2;
        }, "two /bench/io requests in flight at once");
        await Task.WhenAll(first, second);
    }

    private static async Task<TimeSpan> TwoConcurrentWaitsAsync(int port)
    {
        // Warm up both connections and the route, so the measure holds only the two waits.
        await Task.WhenAll(GetAsync(port, 0), GetAsync(port, 0));
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(GetAsync(port, (int)OneRequest.TotalMilliseconds), GetAsync(port, (int)OneRequest.TotalMilliseconds));
        return watch.Elapsed;
    }

    private static async Task GetAsync(int port, int ms)
    {
        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/io?ms={ms}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
