using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Cron;

/// <summary>Cron worker processes (workers = N): the master keeps max_cron_threads of them and enforces their limits.</summary>
public sealed class PreforkCronTests
{
    [Fact]
    public async Task TwoCronWorkersRunAJobOnScheduleAndNeverTwiceInOneInterval()
    {
        var config = CronClient.WriteConfig("""
            [cron:tick]
            interval = 1
            action = bus.send
            channel = cron.prefork
            """);
        var (server, port) = await Servers.StartPreforkWithCronAsync(1, 2, "-c", config);
        await using var _ = server;
        await server.WaitForLogAsync(@"Worker WorkerCron \(\d+\) alive", occurrences: 2);

        var runs = await CronClient.WaitForRunsAsync(port, "cron.prefork", 6);

        CronClient.AssertOneRunPerScheduledTime(runs);
        var cronWorkers = server.CronWorkerPids();
        Assert.Equal(2, cronWorkers.Count);
        Assert.All(runs, r => Assert.Equal("cron", r.Role));
        Assert.All(runs, r => Assert.Contains(r.Pid, cronWorkers));
    }

    [Fact]
    public async Task AJobPastLimitTimeRealCronKillsItsWorkerTheLogNamesJobAndLimitAndTheJobIsNotReplayed()
    {
        var config = CronClient.WriteConfig("""
            [cron:sleepy]
            interval = 3600
            action = bench.io
            ms = 60000
            [cron:tick]
            interval = 1
            action = bus.send
            channel = cron.killed
            """);
        var (server, port) = await Servers.StartPreforkWithCronAsync(1, 1, "-c", config, "--limit-time-real-cron", "2");
        await using var _ = server;

        var killed = await server.WaitForLogAsync(@"WorkerCron \((\d+)\) exited \(limit_time_real_cron \(2s\) reached during CRON sleepy\), status 137");
        await server.WaitForLogAsync(@"WorkerCron \(" + killed.Groups[1].Value + @"\) timeout after 2s");
        await server.WaitForLogAsync(@"Worker WorkerCron \(\d+\) alive", occurrences: 2);
        // The replacement runs the other job several times: the killed one waits for its next call (in an hour).
        var after = (await CronClient.RunsAsync(port, "cron.killed")).Count;
        await CronClient.WaitForRunsAsync(port, "cron.killed", after + 3);

        Assert.Single(Regex.Matches(server.Output, "Job 'sleepy' starting"));
    }

    [Fact]
    public async Task NoHttpRunsCronWorkersOnlyBindsNoPortAndStopsOnSigterm()
    {
        var port = Ports.Free();
        var geventPort = Ports.Free();
        var config = CronClient.WriteConfig("""
            [cron:tick]
            interval = 1
            action = bench.io
            ms = 1
            """);
        await using var server = ServerProcess.Start(["-c", config, "--http-interface", "127.0.0.1", "-p", port.ToString(),
            "--gevent-port", geventPort.ToString(), "--workers", "2", "--max-cron-threads", "1", "--no-http"]);

        await server.WaitForLogAsync(@"Worker WorkerCron \(\d+\) alive");
        await server.WaitForLogAsync(@"Job 'tick' done", occurrences: 2);

        Assert.Equal(server.ChildPids(), server.CronWorkerPids());
        Assert.Single(server.CronWorkerPids());
        Assert.DoesNotContain("WorkerHTTP", server.Output);
        foreach (var unbound in new[] { port, geventPort })
        {
            var refused = await Assert.ThrowsAsync<SocketException>(async () =>
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, unbound);
            });
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
        server.Signal(Signals.Term);
        Assert.Equal(0, await server.WaitForExitAsync());
    }
}
