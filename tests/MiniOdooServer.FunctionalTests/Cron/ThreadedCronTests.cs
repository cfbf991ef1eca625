using System.Diagnostics;
using System.Net;
using MiniOdooServer.FunctionalTests.Support;
using Xunit.Abstractions;

namespace MiniOdooServer.FunctionalTests.Cron;

/// <summary>Cron jobs in threaded mode (workers = 0): max_cron_threads runners in the server process.</summary>
public sealed class ThreadedCronTests(ITestOutputHelper output)
{
    [Fact]
    public async Task JobsRunOnScheduleOnCronThreadsAndAFailingJobIsRetriedWithoutStoppingThem()
    {
        var config = CronClient.WriteConfig(CronClient.BusTick("cron.threaded"), """
            [cron:failing]
            interval = 1
            action = http
            path = /no/such/route
            """);
        var (server, port) = await Servers.StartThreadedAsync("-c", config, "--max-cron-threads", "2");
        await using var _ = server;

        var runs = await CronClient.WaitForRunsAsync(port, "cron.threaded", 5);

        Assert.All(runs, r => Assert.Equal(("tick", server.Pid, "threaded"), (r.Job, r.Pid, r.Role)));
        CronClient.AssertOneRunPerScheduledTime(runs);
        var scheduled = runs.Select(r => r.ScheduledAt).Order().ToArray();
        // The next call advances from the scheduled time by whole intervals.
        Assert.All(scheduled.Zip(scheduled.Skip(1)), pair =>
        {
            var gap = (pair.Second - pair.First).TotalMilliseconds;
            Assert.True(gap >= 1000 && gap % 1000 == 0, $"scheduled {pair.First:O} then {pair.Second:O}");
        });
        output.WriteLine("ran late by (ms): " + string.Join(", ", runs.Select(r => (r.RanAt - r.ScheduledAt).TotalMilliseconds.ToString("0"))));
        await server.WaitForLogAsync(@"Job 'failing' failed: GET /no/such/route answered 404; retried at its next call", occurrences: 2);
    }

    [Fact]
    public async Task ATriggerRunsALongIntervalJobAtOnce()
    {
        var config = CronClient.WriteConfig("""
            [cron:daily]
            interval = 86400
            action = bus.send
            channel = cron.trigger
            [cron:sleeping]
            interval = 86400
            action = bus.gc
            active = False
            """);
        var (server, port) = await Servers.StartThreadedAsync("-c", config);
        await using var _ = server;
        var first = await CronClient.WaitForRunsAsync(port, "cron.trigger", 1);

        using var refused = await CronClient.TriggerAsync(port, "daily", password: "wrong");
        using var unknown = await CronClient.TriggerAsync(port, "weekly");
        using var inactive = await CronClient.TriggerAsync(port, "sleeping");
        var watch = Stopwatch.StartNew();
        using var accepted = await CronClient.TriggerAsync(port, "daily");
        var runs = await CronClient.WaitForRunsAsync(port, "cron.trigger", 2);
        output.WriteLine($"trigger to run published: {watch.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, inactive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(2, runs.Count);
        Assert.True(runs[1].ScheduledAt > first[0].ScheduledAt);
    }

    [Fact]
    public async Task AJobPastLimitTimeRealCronIsCancelledAndLoggedWithItsNameAndTheLimitAndSigquitShowsItMeanwhile()
    {
        var config = CronClient.WriteConfig("""
            [cron:sleepy]
            interval = 3600
            action = bench.io
            ms = 60000
            """);
        var (server, _) = await Servers.StartThreadedAsync("-c", config, "--limit-time-real-cron", "3");
        await using var __ = server;
        await server.WaitForLogAsync(@"Job 'sleepy' starting");

        // While it runs, SIGQUIT lists it with the in-flight requests.
        server.Signal(Signals.Quit);
        await server.WaitForLogAsync(@"in flight: CRON sleepy running for \d+\.\d{3}s");
        await server.WaitForLogAsync(@"cron job sleepy exceeded limit_time_real_cron \(3s\): cancelled");
    }

    [Fact]
    public async Task ABadCronSectionStopsTheServerWithStatus2NamingIt()
    {
        var config = CronClient.WriteConfig("""
            [cron:broken]
            interval = 0
            action = email.send
            """);
        await using var server = ServerProcess.Start(["-c", config, "--http-port", Ports.Free().ToString()]);

        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Contains("[cron:broken] interval = 0: expected a whole number above 0", server.Output);
        Assert.Contains("[cron:broken] action = email.send: expected one of", server.Output);
    }

    [Fact]
    public async Task NoHttpRunsCronOnlyAndBindsNothing()
    {
        var port = Ports.Free();
        var config = CronClient.WriteConfig(CronClient.IoTick());
        await using var server = ServerProcess.Start(["-c", config, "--http-interface", "127.0.0.1", "-p", port.ToString(), "--no-http"]);

        await server.WaitForLogAsync(@"Job 'tick' done", occurrences: 2);

        Assert.DoesNotContain("HTTP service (kestrel) running", server.Output);
        await server.AssertBindsNothingAndStopsOnSigtermAsync(port);
    }
}
