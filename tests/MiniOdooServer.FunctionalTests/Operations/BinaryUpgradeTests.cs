using System.Text.Json;
using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Operations;

/// <summary>
/// SIGUSR2, the binary upgrade Odoo cannot do: a new master started from the binary on disk takes over the listening
/// sockets, and the old master drains only once the new one's workers accept.
/// </summary>
public sealed class BinaryUpgradeTests
{
    [Fact]
    public async Task Usr2HandsTheSocketsToANewMasterUnderLoadWithoutAFailedRequest()
    {
        var pidfile = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-upgrade-").FullName, "mini-odoo.pid");
        var (server, port) = await Servers.StartPreforkAsync(2, "--load", "base,web,bench", "--pidfile", pidfile);
        await using var _ = server;
        var oldWorkers = server.HttpWorkerPids();
        using var stop = new CancellationTokenSource();
        var load = new LoadGenerator();
        var running = load.RunAsync($"http://127.0.0.1:{port}/bench/io?ms=5", clients: 8, stop.Token);
        await load.ServedAtLeastAsync(20);

        server.Signal(Signals.Usr2);
        var started = await server.WaitForLogAsync(@"Upgrading: new master \(pid (\d+)\) started");
        var successor = int.Parse(started.Groups[1].Value);
        await server.WaitForLogAsync($@"Upgrade: this master's workers accept; stopping the master it replaces \(pid {server.Pid}\)");
        // Not WaitForExitAsync: that also waits for the end of the output, which the new master still writes to.
        await Wait.UntilAsync(() => server.HasExited, "the old master exits");
        Assert.Equal(0, server.ExitCode);
        await load.ServedAtLeastAsync(load.Succeeded + 20);
        await stop.CancelAsync();
        await running;

        Assert.Empty(load.Failures);
        Assert.True(Signals.IsAlive(successor));
        Assert.Equal(successor.ToString(), (await File.ReadAllTextAsync(pidfile)).Trim());
        using var answer = JsonDocument.Parse(await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/bench/io?ms=1"));
        Assert.DoesNotContain(answer.RootElement.GetProperty("pid").GetInt32(), oldWorkers);
        Assert.Contains("Stopping: new master", server.Output);
        // The new master and its workers hold their own scoreboard, not the old master's too (nor, with no -c, a
        // configuration file).
        foreach (var pid in ServerProcess.ChildPidsOf(successor).Prepend(successor))
        {
            Assert.Equal(["memfd:mini-odoo-scoreboard"], MemoryFilesOf(pid));
        }
    }

    /// <summary>The names of mini-odoo's memfds among a process's descriptors, sorted.</summary>
    private static string[] MemoryFilesOf(int pid) =>
        ProcessDescriptors.Of(pid)
            .Select(descriptor => descriptor.Target)
            .Where(target => target.StartsWith("/memfd:mini-odoo-", StringComparison.Ordinal))
            .Select(target => target.TrimStart('/').Replace(" (deleted)", "", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public async Task ALongPollingClientFollowsTheUpgradeFromItsLastIdAndLosesNoMessage()
    {
        var (server, port, geventPort) = await Servers.StartPreforkWithBusAsync(1);
        await using var _ = server;
        var first = await BusClient.SendAsync(port, "upgrade", "chat", "\"before\"");
        var received = new List<(long Id, string Payload)>();
        using var stop = new CancellationTokenSource(Wait.DefaultTimeout * 2);
        // A client as Odoo's: polls from its last id, and polls again (a new connection) when one ends or fails.
        var client = Task.Run(async () =>
        {
            var last = first - 1;
            while (received.Count < 2 && !stop.IsCancellationRequested)
            {
                try
                {
                    using var answer = await BusClient.PollAsync(geventPort, """["upgrade"]""", last, stop.Token);
                    foreach (var (id, _, _, payload) in BusClient.Notifications(answer))
                    {
                        lock (received)
                        {
                            received.Add((id, payload));
                        }
                        last = id;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or Xunit.Sdk.XunitException)
                {
                    // The old longpolling worker closed this connection while it drained: poll again from last.
                }
            }
        });
        await Wait.UntilAsync(() => { lock (received) { return received.Count == 1; } }, "the first message polled");

        server.Signal(Signals.Usr2);
        await Wait.UntilAsync(() => server.HasExited, "the old master exits");
        var second = await BusClient.SendAsync(port, "upgrade", "chat", "\"after\"");
        await client;

        Assert.Equal([(first, "\"before\""), (second, "\"after\"")], received);
    }

    [Fact]
    public async Task ANewMasterThatCannotStartLeavesTheOldOneServing()
    {
        var port = Ports.Free();
        var directory = Directory.CreateTempSubdirectory("mini-odoo-upgrade-").FullName;
        var config = Path.Combine(directory, "server.conf");
        var text = $"[options]\nhttp_interface = 127.0.0.1\nhttp_port = {port}\ngevent_port = {Ports.Free()}\nmax_cron_threads = 0\n";
        await File.WriteAllTextAsync(config, text + "workers = 1\n");
        await using var server = ServerProcess.Start(["-c", config]);
        // Every worker up before the file changes: a worker still starting reads the file then, and would fail on it.
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive");
        await server.WaitForLogAsync(@"Worker WorkerLongPolling \(\d+\) alive");
        var before = server.ChildPids();

        await File.WriteAllTextAsync(config, text + "workers = many\n");
        server.Signal(Signals.Usr2);

        await server.WaitForLogAsync(@"ERROR .*Upgrade failed, this master keeps serving: new master \(pid \d+\): it exited with status 2");
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
        Assert.Equal(before, server.ChildPids());
        Assert.False(server.HasExited);
    }

    [Fact]
    public async Task TheThreadedServerExplainsThatItCannotUpgradeAndKeepsServing()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var _ = server;

        server.Signal(Signals.Usr2);

        await server.WaitForLogAsync(@"WARNING .*SIGUSR2 \(binary upgrade\) needs a prefork server");
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
    }
}
