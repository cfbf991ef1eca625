using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Logging;

/// <summary>The processes of one server share its log: what the master logs before it acts on a worker comes first.</summary>
public sealed class LineOrderTests
{
    [Fact]
    public async Task TheMastersLinesPrecedeTheWorkerLinesTheyCause()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["--http-interface", "127.0.0.1", "-p", port.ToString(),
            "--gevent-port", Ports.Free().ToString(), "--workers", "2", "--max-cron-threads", "0"]);
        // Every worker has said so in the log (a worker the scoreboard counts may still be starting).
        await server.WaitForLogAsync(@"Worker Worker\w+ \(\d+\) alive", occurrences: 3);

        server.Signal(Signals.Term);
        Assert.Equal(0, await server.WaitForExitAsync());

        var lines = server.Output.Split('\n');
        int First(string text) => Found(Array.FindIndex(lines, line => line.Contains(text, StringComparison.Ordinal)), text);
        int Last(string text) => Found(Array.FindLastIndex(lines, line => line.Contains(text, StringComparison.Ordinal)), text);
        int Found(int index, string text) => index >= 0 ? index : throw new Xunit.Sdk.XunitException($"no line with '{text}':\n{server.Output}");
        // Workers are started after the report, and told to stop after the master says it is stopping.
        Assert.True(First("workers: 2, max_cron_threads: 0") < First(") alive"), server.Output);
        Assert.True(Last(") alive") < First("Stopping gracefully"), server.Output);
        Assert.True(First("Stopping gracefully") < First(") exiting"), server.Output);
    }
}
