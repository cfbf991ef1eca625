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

        var summary = await server.WaitForLogAsync(@"INFO \? odoo\.service\.server: (\d+) request\(s\) in flight$",
            occurrences: System.Text.RegularExpressions.Regex.Matches(server.Output, @"request\(s\) in flight").Count + 1);
        Assert.Equal("2", summary.Groups[1].Value);
        // The dump asked for after 300 ms lists both, with their elapsed time (earlier dumps, taken while waiting for
        // the requests to start, may show 0.000 s: the native binary reaches them within the millisecond).
        await server.WaitForLogAsync(@"in flight: GET /bench/hang running for", occurrences: HangLinesBefore(server, summary.Index) + 1);
        var lastDump = server.Output[summary.Index..];
        var io = System.Text.RegularExpressions.Regex.Match(lastDump, @"in flight: GET /bench/io running for (\d+\.\d{3})s");
        Assert.True(io.Success, lastDump);
        Assert.True(double.Parse(io.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 0.2, io.Value);
        Assert.Matches(@"in flight: GET /bench/hang running for \d+\.\d{3}s", lastDump);
        Assert.True(server.HasExited is false);
        (await slow).Dispose();
        (await hung).Dispose();
    }

    private static int HangLinesBefore(ServerProcess server, int index) =>
        System.Text.RegularExpressions.Regex.Matches(server.Output[..index], "in flight: GET /bench/hang running for").Count;
}
