using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>
/// HTTP and cron workers start with a small youngest-generation GC budget (4 MB, instead of one that follows the L3
/// cache and leaves tens of MB of garbage in every worker); the longpolling worker keeps the runtime's, and a budget the
/// user exported wins.
/// </summary>
public sealed class WorkerGcBudgetTests
{
    private const string Variable = "DOTNET_GCgen0size";

    [Fact]
    public async Task HttpAndCronWorkersGetTheSmallBudgetAndTheLongpollingWorkerDoesNot()
    {
        var (server, _) = await Servers.StartPreforkWithLiveCronAsync(1, 1);
        await using var _ = server;
        await server.WaitForLogAsync(@"Worker WorkerLongPolling \(\d+\) alive");

        Assert.Equal("400000", EnvironmentOf(server.HttpWorkerPids().Single()).GetValueOrDefault(Variable));
        Assert.Equal("400000", EnvironmentOf(server.CronWorkerPids().Single()).GetValueOrDefault(Variable));
        Assert.False(EnvironmentOf(server.LongPollingWorkerPid()!.Value).ContainsKey(Variable));
    }

    [Fact]
    public async Task ABudgetTheUserExportedWins()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", port.ToString(), "--gevent-port", Ports.Free().ToString(), "--workers", "1", "--max-cron-threads", "0"],
            new Dictionary<string, string> { [Variable] = "100000" });
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive");

        Assert.Equal("100000", EnvironmentOf(server.HttpWorkerPids().Single()).GetValueOrDefault(Variable));
    }

    private static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");
}
