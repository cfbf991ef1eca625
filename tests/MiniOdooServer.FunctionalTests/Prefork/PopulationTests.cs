using System.Text.Json;
using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

public sealed class PopulationTests
{
    [Fact]
    public async Task TheMasterStartsDistinctWorkersAndServesNothingItself()
    {
        var (server, port) = await Servers.StartPreforkAsync(3, "--load", "base,web,bench");
        await using var _ = server;

        var children = server.HttpWorkerPids();
        Assert.Equal(3, children.Count);
        var load = new LoadGenerator();
        await load.RunAsync($"http://127.0.0.1:{port}/bench/io?ms=30", clients: 6, CancellationToken.None, maxRequests: 60);

        Assert.Empty(load.Failures);
        Assert.DoesNotContain(server.Pid, load.ServedBy.Keys);
        Assert.All(load.ServedBy.Keys, pid => Assert.Contains(pid, children));
        Assert.True(load.ServedBy.Count >= 2, "an idle worker takes what a busy one cannot");
    }

    [Fact]
    public async Task AWorkerServesOneRequestPerConnectionAndClosesIt()
    {
        var (server, port) = await Servers.StartPreforkAsync(1);
        await using var _ = server;

        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/health");

        Assert.True(response.Headers.ConnectionClose);
    }

    [Fact]
    public async Task ASlowRequestInOneWorkerDoesNotDelayTheOtherWorker()
    {
        var (server, port) = await Servers.StartPreforkAsync(2, "--load", "base,web,bench");
        await using var _ = server;

        var slow = Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/bench/hang?s=5");
        await Monitoring.StatusClient.ServingAsync(port, "/bench/hang");
        var started = DateTime.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health");
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "the idle worker served while the other hung");
        await slow;
    }

    [Fact]
    public async Task AWorkerKilledUnderLoadIsReplacedAndOnlyItsRequestFails()
    {
        // How fast the replacement accepts is measured by bench/respawn.py, not asserted here: a loaded machine slows it.
        var (server, port) = await Servers.StartPreforkAsync(2, "--load", "base,web,bench");
        await using var _ = server;
        var victim = server.HttpWorkerPids()[0];
        using var stop = new CancellationTokenSource();
        var load = new LoadGenerator();
        var running = load.RunAsync($"http://127.0.0.1:{port}/bench/io?ms=10", clients: 4, stop.Token);
        await Wait.UntilAsync(() => load.ServedBy.ContainsKey(victim), "the victim serves part of the load");

        Signals.Send(victim, Signals.Kill);
        var replacement = await server.WaitForLogAsync(@"Worker WorkerHTTP \((\d+)\) alive", occurrences: 3);
        var replacementPid = int.Parse(replacement.Groups[1].Value);
        await Wait.UntilAsync(() => load.ServedBy.ContainsKey(replacementPid), "the replacement serves part of the load");
        await stop.CancelAsync();
        await running;

        Assert.NotEqual(victim, replacementPid);
        Assert.True(load.Failures.Count <= 1, "only the killed worker's in-flight request may fail: " + string.Join("; ", load.Failures));
        Assert.Contains($"WorkerHTTP ({victim}) died unexpectedly", server.Output);
    }

    [Fact]
    public async Task NoWorkerOutlivesAMasterKilledWithSigkill()
    {
        var (server, _) = await Servers.StartPreforkAsync(2);
        await using var __ = server;
        var workers = server.ChildPids();
        Assert.Equal(3, workers.Count); // two HTTP workers and the longpolling worker

        Signals.Send(server.Pid, Signals.Kill);

        await Wait.UntilAsync(() => !workers.Any(Signals.IsAlive), "no worker outlives its master");
    }

    [Fact]
    public async Task TtinAddsAWorkerAndTtouReallyRetiresOne()
    {
        var (server, _) = await Servers.StartPreforkAsync(2);
        await using var __ = server;

        server.Signal(Signals.Ttin);
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: 3);
        await WaitForChildrenAsync(server, 3);
        server.Signal(Signals.Ttou);
        await server.WaitForLogAsync(@"exited \(SIGTTOU\)");

        await WaitForChildrenAsync(server, 2);
    }

    [Fact]
    public async Task APortInUseIsAClearErrorAndLeavesNoProcess()
    {
        var (first, port) = await Servers.StartPreforkAsync(1);
        await using var _ = first;

        await using var second = ServerProcess.Start(["--http-interface", "127.0.0.1", "-p", port.ToString(), "--workers", "2"]);
        var status = await second.WaitForExitAsync();

        Assert.NotEqual(0, status);
        Assert.Matches(new Regex($"cannot listen on 127\\.0\\.0\\.1:{port}"), second.Output);
        Assert.Empty(second.ChildPids());
    }

    internal static Task WaitForChildrenAsync(ServerProcess server, int count) =>
        Wait.UntilAsync(() => server.HttpWorkerPids().Count == count, $"{count} HTTP workers");

    internal static int PidOf(string benchAnswer)
    {
        using var json = JsonDocument.Parse(benchAnswer);
        return json.RootElement.GetProperty("pid").GetInt32();
    }
}
