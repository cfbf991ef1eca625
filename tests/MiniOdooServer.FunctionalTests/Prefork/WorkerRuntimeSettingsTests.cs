using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>
/// HTTP and cron workers start with a small youngest-generation GC budget (4 MB, instead of one that follows the L3
/// cache and leaves tens of MB of garbage in every worker) and thread-pool threads that sleep without spinning first;
/// the longpolling worker keeps the runtime's settings, and a value the user exported wins.
/// </summary>
public sealed class WorkerRuntimeSettingsTests
{
    private const string Variable = "DOTNET_GCgen0size";
    private const string SpinLimit = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

    [Fact]
    public async Task HttpAndCronWorkersGetTheSmallBudgetAndTheLongpollingWorkerDoesNot()
    {
        var (server, _) = await Servers.StartPreforkWithLiveCronAsync(1, 1);
        await using var _ = server;
        await server.WaitForLogAsync(@"Worker WorkerLongPolling \(\d+\) alive");

        var http = EnvironmentOf(server.HttpWorkerPids().Single());
        var cron = EnvironmentOf(server.CronWorkerPids().Single());
        var longPolling = EnvironmentOf(server.LongPollingWorkerPid()!.Value);
        Assert.Equal("400000", http.GetValueOrDefault(Variable));
        Assert.Equal("400000", cron.GetValueOrDefault(Variable));
        Assert.False(longPolling.ContainsKey(Variable));
        Assert.Equal("0", http.GetValueOrDefault(SpinLimit));
        Assert.Equal("0", cron.GetValueOrDefault(SpinLimit));
        Assert.False(longPolling.ContainsKey(SpinLimit));
    }

    [Fact]
    public async Task ValuesTheUserExportedWin()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", port.ToString(), "--gevent-port", Ports.Free().ToString(), "--workers", "1", "--max-cron-threads", "0"],
            new Dictionary<string, string> { [Variable] = "100000", [SpinLimit] = "70" });
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive");

        var http = EnvironmentOf(server.HttpWorkerPids().Single());
        Assert.Equal("100000", http.GetValueOrDefault(Variable));
        Assert.Equal("70", http.GetValueOrDefault(SpinLimit));
    }

    private static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");
}
