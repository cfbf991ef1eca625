using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

public sealed class ReloadAndStopTests
{
    [Fact]
    public async Task TwoReloadsUnderLoadFailNoRequestAndReplaceEveryWorker()
    {
        var (server, port) = await Servers.StartPreforkAsync(2, "--load", "base,web,bench");
        await using var _ = server;
        var before = server.HttpWorkerPids();
        using var stop = new CancellationTokenSource();
        var load = new LoadGenerator();
        var running = load.RunAsync($"http://127.0.0.1:{port}/bench/io?ms=5", clients: 8, stop.Token);

        // Requests served before, between and after the reloads, however slow the machine is.
        await load.ServedAtLeastAsync(20);
        server.Signal(Signals.Hup);
        await server.WaitForLogAsync("generation 2 is accepting");
        await load.ServedAtLeastAsync(load.Succeeded + 20);
        server.Signal(Signals.Hup);
        await server.WaitForLogAsync("generation 3 is accepting");
        await load.ServedAtLeastAsync(load.Succeeded + 20);
        await stop.CancelAsync();
        await running;

        Assert.Empty(load.Failures);
        await PopulationTests.WaitForChildrenAsync(server, 2);
        Assert.Empty(server.HttpWorkerPids().Intersect(before));
    }

    [Fact]
    public async Task AnInvalidConfigurationOnReloadKeepsTheWorkersServing()
    {
        var port = Ports.Free();
        var directory = Directory.CreateTempSubdirectory("mini-odoo-reload-").FullName;
        var config = Path.Combine(directory, "server.conf");
        await File.WriteAllTextAsync(config, $"[options]\nhttp_interface = 127.0.0.1\nhttp_port = {port}\ngevent_port = {Ports.Free()}\nworkers = 2\nmax_cron_threads = 0\n");
        await using var server = ServerProcess.Start(["-c", config]);
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: 2);
        // Every worker up before the file changes: a worker still starting reads the file then, and would fail on it.
        await server.WaitForLogAsync(@"Worker WorkerLongPolling \(\d+\) alive");
        var before = server.ChildPids();

        await File.AppendAllTextAsync(config, "limit_request = lots\n");
        server.Signal(Signals.Hup);
        await server.WaitForLogAsync("Reload refused");

        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
        Assert.Equal(before, server.ChildPids());
    }

    [Fact]
    public async Task SigtermLetsALongRequestFinishAndExitsWithStatusZero()
    {
        var (server, port) = await Servers.StartPreforkAsync(2, "--load", "base,web,bench");
        await using var _ = server;

        var longRequest = Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/io?ms=3000");
        await Monitoring.StatusClient.ServingAsync(port, "/bench/io");
        server.Signal(Signals.Term);
        using var response = await longRequest;
        var status = await server.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, status);
        Assert.Contains("Stopping gracefully", server.Output);
    }
}
