using System.Diagnostics;
using System.Net;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>SIGTERM and SIGINT stop gracefully: in-flight requests finish, new connections are refused; a second signal forces.</summary>
public sealed class ShutdownTests
{
    [Theory]
    [InlineData(Signals.Term)]
    [InlineData(Signals.Int)]
    public async Task AStopSignalLetsTheInFlightRequestFinishRefusesNewConnectionsAndExitsZero(int signal)
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench");
        await using var _ = server;
        var inFlight = Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/io?ms=2500");
        await InFlight.WaitForAsync(server, "/bench/io");

        server.Signal(signal);
        await server.WaitForLogAsync("INFO .*: Initiating shutdown$");

        Assert.True(await Connections.BecomesRefusedAsync(port, TimeSpan.FromSeconds(2)), "new connections are still accepted during the stop");
        Assert.False(inFlight.IsCompleted, "the in-flight request ended before the refusal was checked: the check proves nothing");
        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"ms\":2500", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await server.WaitForExitAsync());
        Assert.Contains("Hit CTRL-C again or send a second signal to force the shutdown.", server.Output);
        Assert.DoesNotContain("Forced shutdown.", server.Output);
    }

    [Fact]
    public async Task ASecondStopSignalForcesTheExitAtOnce()
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench");
        await using var _ = server;
        // A thread blocked for 30 s: the graceful stop would wait for it (limit_time_real allows 120 s).
        var inFlight = Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/hang?s=30");
        await InFlight.WaitForAsync(server, "/bench/hang");

        server.Signal(Signals.Term);
        await server.WaitForLogAsync("Initiating shutdown");
        var forced = Stopwatch.StartNew();
        server.Signal(Signals.Term);

        // Odoo's forced exit is os._exit(0): the operator asked for the stop, it is not a failure.
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.InRange(forced.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains("WARNING ? odoo.service.server: Forced shutdown.", server.Output);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => inFlight);
    }
}
