using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>Workers run with the configuration their master read, whatever happened to the file since.</summary>
public sealed class InheritedConfigurationTests
{
    private static async Task<(ServerProcess Server, string Config, int Port)> StartAsync()
    {
        var port = Ports.Free();
        var directory = Directory.CreateTempSubdirectory("mini-odoo-inherit-").FullName;
        var config = Path.Combine(directory, "server.conf");
        await File.WriteAllTextAsync(config,
            $"[options]\nhttp_interface = 127.0.0.1\nhttp_port = {port}\ngevent_port = {Ports.Free()}\nworkers = 1\nmax_cron_threads = 0\n");
        var server = ServerProcess.Start(["-c", config], workDirectory: directory);
        await server.WaitForLogAsync(@"Worker Worker\w+ \(\d+\) alive", occurrences: 2);
        return (server, config, port);
    }

    [Fact]
    public async Task AWorkerRespawnedAfterAnEditStartsWithTheMastersConfiguration()
    {
        var (server, config, port) = await StartAsync();
        await using var _ = server;
        var killed = server.HttpWorkerPids().Single();

        // An operator is half-way through an edit, and has not sent SIGHUP.
        await File.WriteAllTextAsync(config, "[options]\nworkers = many\n");
        Signals.Send(killed, Signals.Kill);

        var respawned = await server.WaitForLogAsync(@"Worker WorkerHTTP \((?!" + killed + @"\))(\d+)\) alive");
        using var health = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.DoesNotContain("status 2", server.Output);
        Assert.Equal([int.Parse(respawned.Groups[1].Value)], server.HttpWorkerPids());
    }

    [Fact]
    public async Task AfterAReloadThatMovesGeventPortWebsocketsStillReachTheLongpollingWorker()
    {
        var (server, config, port) = await StartAsync();
        await using var _ = server;

        // The master keeps the socket it bound, so new HTTP workers must hand websockets to it, not to the file's port.
        var text = await File.ReadAllTextAsync(config);
        await File.WriteAllTextAsync(config, Regex.Replace(text, @"gevent_port = \d+", $"gevent_port = {Ports.Free()}"));
        server.Signal(Signals.Hup);
        await server.WaitForLogAsync("need a restart");
        // Once the first generation has exited, only new workers can take the websocket: a new HTTP worker hands it
        // over, a new longpolling worker serves it (an old one still draining would close it).
        await server.WaitForLogAsync(@"WorkerHTTP \(\d+\) exited \(replaced by generation 2\)");
        await server.WaitForLogAsync(@"WorkerLongPolling \(\d+\) exited \(replaced by generation 2\)");

        using var socket = await BusClient.ConnectAsync(port);
        await BusClient.SubscribeAsync(socket, """["inherit.room"]""", 0);
        await BusClient.SendAsync(port, "inherit.room", "chat", "1");
        Assert.Contains("\"chat\"", await BusClient.ReceiveAsync(socket) ?? "", StringComparison.Ordinal);
    }
}
