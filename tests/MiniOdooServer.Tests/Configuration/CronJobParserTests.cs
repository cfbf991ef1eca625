using MiniOdooServer.Configuration.Cron;

namespace MiniOdooServer.Tests.Configuration;

public sealed class CronJobParserTests
{
    [Fact]
    public void ASectionPerJobGivesTheJobWithItsActionKeys()
    {
        using var harness = new ConfigurationHarness();
        var path = harness.WriteFile("a.conf", """
            [options]
            workers = 0
            [cron:heartbeat]
            interval = 10          ; seconds between runs
            action = bus.send      ; what to run
            channel = server.heartbeat
            active = True
            [cron:ping]
            interval = 60
            action = http
            path = /web/health
            method = post
            timeout = 5
            [cron:burn]
            interval = 5
            action = bench.cpu
            units = 20
            active = False
            [cron:wait]
            interval = 7
            action = bench.io
            ms = 250
            [cron:gc]
            interval = 3600
            action = bus.gc
            """);

        var jobs = harness.Load("-c", path).Options.CronJobs.ToDictionary(j => j.Name);

        Assert.Equal(["burn", "gc", "heartbeat", "ping", "wait"], jobs.Keys.Order());
        Assert.Equal(new CronJobDefinition { Name = "heartbeat", IntervalSeconds = 10, Action = CronAction.BusSend, Channel = "server.heartbeat" }, jobs["heartbeat"]);
        Assert.Equal(("/web/health", "POST", 5), (jobs["ping"].Path, jobs["ping"].Method, jobs["ping"].TimeoutSeconds));
        Assert.Equal((20, false), (jobs["burn"].Units, jobs["burn"].Active));
        Assert.Equal(250, jobs["wait"].Milliseconds);
        Assert.Equal(CronAction.BusGc, jobs["gc"].Action);
    }

    [Theory]
    [InlineData("interval = 0\naction = bus.gc", "[cron:bad] interval = 0: expected a whole number above 0")]
    [InlineData("interval = soon\naction = bus.gc", "[cron:bad] interval = soon: expected a whole number above 0")]
    [InlineData("action = bus.gc", "[cron:bad] interval: missing")]
    [InlineData("interval = 5\naction = email.send", "[cron:bad] action = email.send: expected one of bus.send, bus.gc, http, bench.cpu, bench.io")]
    [InlineData("interval = 5", "[cron:bad] action: missing")]
    [InlineData("interval = 5\naction = bus.send", "[cron:bad] channel: missing")]
    [InlineData("interval = 5\naction = bus.gc\ncolour = red", "[cron:bad] colour: unknown key; expected interval, action, active")]
    [InlineData("interval = 5\naction = bus.gc\nchannel = x", "[cron:bad] channel: not a key of action bus.gc (it belongs to bus.send)")]
    [InlineData("interval = 5\naction = http\npath = web", "[cron:bad] path = web: expected a path of this server starting with '/'")]
    [InlineData("interval = 5\naction = http\npath = /x\nmethod = DELETE", "[cron:bad] method = DELETE: expected GET, POST or HEAD")]
    [InlineData("interval = 5\naction = bus.gc\nactive = maybe", "[cron:bad] active = maybe: expected True or False")]
    [InlineData("interval = 5\naction = bench.io\nms = -3", "[cron:bad] ms = -3: expected a whole number above 0")]
    public void ABadSectionIsRefusedNamingTheSectionAndKey(string body, string expected)
    {
        using var harness = new ConfigurationHarness();
        var path = harness.WriteFile("a.conf", "[options]\nworkers = 0\n[cron:bad]\n" + body + "\n");

        var problems = harness.Problems("-c", path);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void AJobNameThatARouteCouldNotCarryIsRefused()
    {
        using var harness = new ConfigurationHarness();
        var path = harness.WriteFile("a.conf", "[cron:a b]\ninterval = 5\naction = bus.gc\n");

        Assert.Contains(harness.Problems("-c", path), p => p.StartsWith("[cron:a b]: expected a section [cron:NAME]", StringComparison.Ordinal));
    }

    [Fact]
    public void NoCronSectionMeansNoJob()
    {
        using var harness = new ConfigurationHarness();
        var path = harness.WriteFile("a.conf", "[options]\nworkers = 0\n");

        Assert.Empty(harness.Load("-c", path).Options.CronJobs);
    }

    [Fact]
    public void TheShippedServerConfDeclaresAHeartbeatOnTheChatChannel()
    {
        using var harness = new ConfigurationHarness();
        var jobs = harness.Load("-c", Path.Combine(OptionsTableTests.RepositoryRoot(), "server.conf")).Options.CronJobs;

        var heartbeat = Assert.Single(jobs, j => j.Name == "heartbeat");
        Assert.Equal((CronAction.BusSend, "chat.public", true), (heartbeat.Action, heartbeat.Channel, heartbeat.Active));
        Assert.Contains(jobs, j => j.Action == CronAction.BusGc);
    }
}
