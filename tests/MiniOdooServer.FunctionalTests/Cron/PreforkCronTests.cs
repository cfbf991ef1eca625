using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Cron;

/// <summary>Cron worker processes (workers = N): the master keeps max_cron_threads of them and enforces their limits.</summary>
public sealed class PreforkCronTests
{
    [Fact]
    public async Task TwoCronWorkersRunAJobOnScheduleAndNeverTwiceInOneInterval()
    {
        var config = CronClient.WriteConfig(CronClient.BusTick("cron.prefork"));
        var (server, port) = await Servers.StartPreforkWithLiveCronAsync(1, 2, "-c", config);
        await using var _ = server;

        var runs = await CronClient.WaitForRunsAsync(port, "cron.prefork", 6);

        CronClient.AssertOneRunPerScheduledTime(runs);
        var cronWorkers = server.CronWorkerPids();
        Assert.Equal(2, cronWorkers.Count);
        Assert.All(runs, r => Assert.Equal("cron", r.Role));
        Assert.All(runs, r => Assert.Contains(r.Pid, cronWorkers));
        // Odoo's os.nice(10): jobs yield the CPU to requests.
        Assert.All(cronWorkers, pid => Assert.Equal("10", File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ')[17]));
    }

    [Fact]
    public async Task AJobPastLimitTimeRealCronKillsItsWorkerTheLogNamesJobAndLimitAndTheJobIsNotReplayed()
    {
        var config = CronClient.WriteConfig("""
            [cron:sleepy]
            interval = 3600
            action = bench.io
            ms = 60000
            """, CronClient.BusTick("cron.killed"));
        var (server, port) = await Servers.StartPreforkWithCronAsync(1, 1, "-c", config, "--limit-time-real-cron", "2");
        await using var _ = server;

        var killed = await server.WaitForLogAsync(@"WorkerCron \((\d+)\) exited \(limit_time_real_cron \(2s\) reached during CRON sleepy\), status 137");
        await server.WaitForLogAsync(@"WorkerCron \(" + killed.Groups[1].Value + @"\) timeout after 2s");
        await server.WaitForCronWorkersAliveAsync(2);
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
        var config = CronClient.WriteConfig(CronClient.IoTick());
        await using var server = ServerProcess.Start(["-c", config, "--http-interface", "127.0.0.1", "-p", port.ToString(),
            "--gevent-port", geventPort.ToString(), "--workers", "2", "--max-cron-threads", "1", "--no-http"]);

        await server.WaitForCronWorkersAliveAsync();
        await server.WaitForLogAsync(@"Job 'tick' done", occurrences: 2);

        Assert.Equal(server.ChildPids(), server.CronWorkerPids());
        Assert.Single(server.CronWorkerPids());
        Assert.DoesNotContain("WorkerHTTP", server.Output);
        await server.AssertBindsNothingAndStopsOnSigtermAsync(port, geventPort);
    }

    [Fact]
    public async Task LimitTimeCpuStopsACronJobBurningTooMuchCpuAndTheLogNamesTheJob()
    {
        var config = CronClient.WriteConfig("""
            [cron:burn]
            interval = 3600
            action = bench.cpu
            units = 60000
            """);
        await using var server = CronOnly(config, "--limit-time-cpu", "1");

        await server.WaitForLogAsync(@"Worker \(\d+\) CPU time limit \(1\) reached during cron job burn\.", TimeSpan.FromSeconds(40));
        await server.WaitForLogAsync(@"WorkerCron \(\d+\) recycling: limit_time_cpu \(1s\) reached during CRON burn");
        await server.WaitForCronWorkersAliveAsync(2);
    }

    [Fact]
    public async Task ACronWorkerOverLimitMemorySoftRetiresAfterItsJob()
    {
        var config = CronClient.WriteConfig(CronClient.IoTick());
        await using var server = CronOnly(config, "--limit-memory-soft", "1M", "--limit-memory-hard", "2G");

        await server.WaitForLogAsync(@"Worker \(\d+\) resident memory limit \(1048576\) reached after job tick: \d+ bytes\.");
        await server.WaitForLogAsync(@"WorkerCron \(\d+\) recycling: limit_memory_soft");
        await server.WaitForCronWorkersAliveAsync(2);
    }

    [Fact]
    public async Task ACronWorkerOlderThanLimitTimeWorkerCronIsRecycled()
    {
        var config = CronClient.WriteConfig(CronClient.IoTick(intervalSeconds: 3600));
        await using var server = CronOnly(config, "--limit-time-worker-cron", "2");

        var old = await server.WaitForLogAsync(@"WorkerCron \((\d+)\) max age \(2s\) reached\.");
        await server.WaitForLogAsync(@"WorkerCron \(" + old.Groups[1].Value + @"\) exited \(limit_time_worker_cron\), status 0");
        await server.WaitForCronWorkersAliveAsync(2);
    }

    [Fact]
    public async Task ACronWorkerWithNoJobDeclaredStaysAliveAndIsShownInTheWorkerTable()
    {
        var (server, port) = await Servers.StartPreforkWithCronAsync(1, 1);
        await using var _ = server;
        var alive = await server.WaitForLogAsync(@"Worker WorkerCron \((\d+)\) alive");
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));

        server.Signal(Signals.Quit);
        await server.WaitForLogAsync(@"^\S+ \S+ \d+ INFO \? odoo\.service\.server: " + alive.Groups[1].Value + @"\s+cron\s+1\s+idle");

        Assert.Single(Regex.Matches(server.Output, @"Worker WorkerCron \(\d+\) alive"));
        Assert.DoesNotContain("WorkerCron (" + alive.Groups[1].Value + ") died", server.Output);
    }

    /// <summary>A prefork node with one cron worker and no HTTP: nothing else to limit or to wait for.</summary>
    private static ServerProcess CronOnly(string config, params string[] extraArgs) =>
        ServerProcess.Start(["-c", config, "--workers", "1", "--max-cron-threads", "1", "--no-http", .. extraArgs]);
}
