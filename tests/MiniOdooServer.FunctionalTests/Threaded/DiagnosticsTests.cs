using System.Text.RegularExpressions;
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

        // Dumps until one shows /bench/io running for 0.2 s or more: the elapsed time is real, and it grows (the first
        // dumps may show 0.000 s: the native binary reaches the requests within the millisecond).
        Match summary = null!;
        var lastDump = "";
        await Wait.UntilAsync(async () =>
        {
            var dumps = Regex.Matches(server.Output, @"request\(s\) in flight").Count;
            server.Signal(Signals.Quit);
            summary = await server.WaitForLogAsync(@"INFO \? odoo\.service\.server: (\d+) request\(s\) in flight$", occurrences: dumps + 1);
            await server.WaitForLogAsync(@"in flight: GET /bench/hang running for", occurrences: HangLinesBefore(server, summary.Index) + 1);
            lastDump = server.Output[summary.Index..];
            var io = Regex.Match(lastDump, @"in flight: GET /bench/io running for (\d+\.\d{3})s");
            return io.Success && double.Parse(io.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 0.2;
        }, "a dump with /bench/io running for 0.2 s or more");

        Assert.Equal("2", summary.Groups[1].Value);
        Assert.Matches(@"in flight: GET /bench/hang running for \d+\.\d{3}s", lastDump);
        Assert.True(server.HasExited is false);
        (await slow).Dispose();
        (await hung).Dispose();
    }

    private static int HangLinesBefore(ServerProcess server, int index) =>
        Regex.Matches(server.Output[..index], "in flight: GET /bench/hang running for").Count;
}
