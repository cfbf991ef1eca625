using System.Net;
using MiniOdooServer.FunctionalTests.Monitoring;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Logging;

/// <summary>log_handler lines copied from a real Odoo configuration silence the same lines in every process of mini-odoo.</summary>
public sealed class LogHandlerTests
{
    private const string InfoLine = @"(?m)^\S+ \S+ \d+ INFO ";

    [Theory]
    [InlineData(2)] // the master, two HTTP workers, a cron worker and the longpolling worker
    [InlineData(0)] // the threaded server, its cron thread and its bus
    public async Task ARootWarningHandlerLeavesNoInfoLineInAnyProcess(int workers)
    {
        var config = CronClient.WriteConfig(CronClient.BusTick("log.quiet"));
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["-c", config, "--http-interface", "127.0.0.1", "-p", port.ToString(),
            "--gevent-port", Ports.Free().ToString(), "--workers", workers.ToString(), "--max-cron-threads", "1", "--log-handler", ":WARNING"]);
        await (workers > 0
            ? StatusClient.WaitForProcessesAsync(port, ("http", workers), ("cron", 1), ("longpolling", 1))
            : StatusClient.WaitForProcessesAsync(port, ("threaded", 1)));

        // Request lines, a long-poll and a websocket (handed over to the longpolling worker), cron jobs: each logs at INFO.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
        }
        using (var socket = await BusClient.ConnectAsync(port))
        {
            await BusClient.SubscribeAsync(socket, """["log.room"]""", 0);
            var sent = await BusClient.SendAsync(port, "log.room", "chat", "1");
            using var poll = await BusClient.PollAsync(port, """["log.room"]""", sent - 1);
            Assert.Equal(sent, Assert.Single(BusClient.Notifications(poll)).Id);
            Assert.Contains("\"chat\"", await BusClient.ReceiveAsync(socket));
        }
        await CronClient.WaitForRunsAsync(port, "log.quiet", 2);
        // A warning still reaches the log from the process that serves: only INFO is silenced.
        using var refused = await BusClient.SendRawAsync(port, """{"channel": "log.room", "type": "t", "payload": 0}""", "wrong");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await server.WaitForLogAsync(@"WARNING \? odoo\.service\.security: Refused admin access");

        server.Signal(Signals.Int);
        Assert.Equal(0, await server.WaitForExitAsync());

        Assert.DoesNotMatch(InfoLine, server.Output);
    }

    [Fact]
    public async Task AServerWarningHandlerSilencesTheServerLinesAndNothingElse()
    {
        var config = CronClient.WriteConfig(CronClient.BusTick("log.server"));
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["-c", config, "--http-interface", "127.0.0.1", "-p", port.ToString(),
            "--gevent-port", Ports.Free().ToString(), "--workers", "1", "--max-cron-threads", "1",
            "--log-handler", "odoo.service.server:WARNING"]);
        await StatusClient.WaitForProcessesAsync(port, ("http", 1), ("cron", 1), ("longpolling", 1));

        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));

        await server.WaitForLogAsync(@"INFO \? werkzeug: 127\.0\.0\.1 - - \[[^\]]+\] ""GET /web/health HTTP/1\.1"" 200 ");
        await server.WaitForLogAsync(@"INFO \? odoo\.addons\.base\.models\.ir_cron: Job 'tick' done");
        await server.WaitForLogAsync(@"INFO \? odoo\.addons\.bus\.models\.bus: Bus\.loop listening on");
        // Odoo reports its version under `odoo`, not the server's logger: that line stays too.
        Assert.Matches(@"INFO \? odoo: mini-odoo version", server.Output);
        server.Signal(Signals.Int);
        Assert.Equal(0, await server.WaitForExitAsync());

        Assert.DoesNotMatch(@"(?m)^\S+ \S+ \d+ INFO \? odoo\.service\.server:", server.Output);
    }
}
