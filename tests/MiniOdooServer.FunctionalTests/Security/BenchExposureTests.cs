using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Security;

/// <summary>
/// The bench routes (crash, hang, alloc…) are never served on gevent_port, need the admin password beyond
/// local_networks, and where no watchdog kills a request (threaded mode) stop at limit_time_real.
/// </summary>
public sealed class BenchExposureTests
{
    [Fact]
    public async Task BenchRoutesAreNotServedOnTheGeventPort()
    {
        var (server, port, geventPort) = await Servers.StartPreforkWithBusAsync(1, "--load", "base,web,bench");
        await using var _ = server;

        using var onHttp = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/io?ms=1");
        Assert.Equal(HttpStatusCode.OK, onHttp.StatusCode);
        foreach (var path in new[] { "/bench/hang?s=1", "/bench/crash", "/bench/alloc?mb=1", "/bench/io?ms=1" })
        {
            using var onGevent = await Servers.Http.GetAsync($"http://127.0.0.1:{geventPort}{path}");
            Assert.Equal(HttpStatusCode.NotFound, onGevent.StatusCode);
        }
        Assert.NotNull(server.LongPollingWorkerPid());
    }

    [Fact]
    public async Task BeyondLocalNetworksBenchRoutesNeedTheAdminPassword()
    {
        var config = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-bench-").FullName, "server.conf");
        await File.WriteAllTextAsync(config, "[options]\nadmin_passwd = s3cret\n");
        var (server, port) = await Servers.StartThreadedAsync(
            "-c", config, "--load", "base,web,bench", "--local-networks", RemoteClient.LocalNetworksWithout127002);
        await using var _ = server;

        foreach (var path in new[] { "/bench/crash", "/bench/hang?s=1", "/bench/alloc?mb=1" })
        {
            using var refused = await RemoteClient.Http.GetAsync($"http://127.0.0.1:{port}{path}");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/bench/io?ms=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");
        using var allowed = await RemoteClient.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var local = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/io?ms=1");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.False(server.HasExited);
    }

    [Theory]
    [InlineData("/bench/hang?s=600")]
    [InlineData("/bench/io?ms=600000")]
    [InlineData("/bench/cpu?ms=10000")]
    public async Task InThreadedModeALongBenchRequestStopsAtLimitTimeReal(string path)
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench", "--limit-time-real", "2");
        await using var _ = server;

        var started = Stopwatch.StartNew();
        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}{path}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("limit_time_real (2s) reached", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(15));
    }
}
