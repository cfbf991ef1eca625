using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>SIGQUIT says what the server is doing: every in-flight request with its method, path and elapsed time.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public async Task SigquitLogsEachInFlightRequestWithMethodPathAndElapsedTime()
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench");
        await using var _ = server;
        var slow = Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/io?ms=3000");
        var hung = Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/hang?s=3");
        await InFlight.WaitForAsync(server, "/bench/io");
        await InFlight.WaitForAsync(server, "/bench/hang");

        await Task.Delay(300);
        server.Signal(Signals.Quit);

        var summary = await server.WaitForLogAsync(@"INFO \? mini_odoo\.service\.server: (\d+) request\(s\) in flight$",
            occurrences: System.Text.RegularExpressions.Regex.Matches(server.Output, @"request\(s\) in flight").Count + 1);
        Assert.Equal("2", summary.Groups[1].Value);
        var io = await server.WaitForLogAsync(@"in flight: GET /bench/io running for (\d+\.\d{3})s", occurrences: 1);
        Assert.True(double.Parse(io.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        // The last dump lists both, and the elapsed time grows between dumps.
        var lastDump = server.Output[summary.Index..];
        Assert.Matches(@"in flight: GET /bench/io running for \d+\.\d{3}s", lastDump);
        Assert.Matches(@"in flight: GET /bench/hang running for \d+\.\d{3}s", lastDump);
        Assert.True(server.HasExited is false);
        (await slow).Dispose();
        (await hung).Dispose();
    }
}
