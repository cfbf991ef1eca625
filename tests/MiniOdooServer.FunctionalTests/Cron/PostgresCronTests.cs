using System.Net;
using MiniOdooServer.FunctionalTests.Support;
using Xunit.Abstractions;

namespace MiniOdooServer.FunctionalTests.Cron;

/// <summary>Cron on PostgreSQL: several mini-odoo machines share the jobs, and never run one twice.</summary>
public sealed class PostgresCronTests(PostgresCluster postgres, ITestOutputHelper output) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task TwoServersOnOnePostgresqlNeverDoubleRunAJobAndATriggerReachesEitherOne()
    {
        var config = CronClient.WriteConfig(CronClient.BusTick("cron.shared", job: "shared_tick"), """
            [cron:shared_daily]
            interval = 86400
            action = bus.send
            channel = cron.shared.daily
            """);
        var (a, portA) = await Servers.StartThreadedAsync(["-c", config, "--max-cron-threads", "2", .. postgres.MiniOdooArgs()]);
        await using var _a = a;
        var (b, portB) = await Servers.StartPreforkWithLiveCronAsync(1, 2, ["-c", config, .. postgres.MiniOdooArgs()]);
        await using var _b = b;
        try
        {
            var start = (await CronClient.RunsAsync(portA, "cron.shared")).Count;

            var runs = await CronClient.WaitForRunsAsync(portA, "cron.shared", start + 8);
            var before = (await CronClient.RunsAsync(portA, "cron.shared.daily")).Count;
            using var triggered = await CronClient.TriggerAsync(portB, "shared_daily");
            Assert.Equal(HttpStatusCode.OK, triggered.StatusCode);
            var daily = await CronClient.WaitForRunsAsync(portA, "cron.shared.daily", before + 1);

            CronClient.AssertOneRunPerScheduledTime(runs);
            CronClient.AssertOneRunPerScheduledTime(daily);
            output.WriteLine("runs by process: " + string.Join(", ", runs.GroupBy(r => $"{r.Role} {r.Pid}").Select(g => $"{g.Key}: {g.Count()}")));
        }
        catch
        {
            output.WriteLine(a.Output + "\n----\n" + b.Output);
            throw;
        }
    }
}
