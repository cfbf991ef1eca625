using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Cron;
using MiniOdooServer.App.Http;
using MiniOdooServer.Configuration.Cron;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.App.Cron;

public sealed class CronJobExecutorTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly string _dataDir = Directory.CreateTempSubdirectory("mini-odoo-cron-exec-").FullName;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly HttpClient _http = new();
    private SqliteBusStore _bus = null!;

    public Task InitializeAsync()
    {
        _bus = new SqliteBusStore(_dataDir, _time);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task BusSendPublishesWhichProcessRanTheJobAndForWhichScheduledTime()
    {
        var job = new CronJobDefinition { Name = "heartbeat", IntervalSeconds = 10, Action = CronAction.BusSend, Channel = "server.heartbeat" };
        _time.Advance(TimeSpan.FromMilliseconds(250));

        await Executor(new ServerOptions()).RunAsync(job, Claim("heartbeat", T0), CancellationToken.None);

        var message = Assert.Single(await _bus.FetchAsync(["server.heartbeat"], 0, DateTimeOffset.UnixEpoch, 10, CancellationToken.None));
        using var json = JsonDocument.Parse(message.Message);
        Assert.Equal("cron.run", json.RootElement.GetProperty("type").GetString());
        var payload = json.RootElement.GetProperty("payload");
        Assert.Equal("heartbeat", payload.GetProperty("job").GetString());
        Assert.Equal(4242, payload.GetProperty("pid").GetInt32());
        Assert.Equal("cron", payload.GetProperty("role").GetString());
        Assert.Equal(T0, DateTimeOffset.Parse(payload.GetProperty("scheduled_at").GetString()!));
        Assert.Equal(T0.AddMilliseconds(250), DateTimeOffset.Parse(payload.GetProperty("ran_at").GetString()!));
    }

    [Fact]
    public async Task BusGcDeletesMessagesPastTheRetentionOnly()
    {
        await _bus.SendAsync("c", """{"type": "t", "payload": 1}""", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(100));
        await _bus.SendAsync("c", """{"type": "t", "payload": 2}""", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(10));
        var options = new ServerOptions { Bus = new BusOptions { GcRetentionSeconds = 60 } };

        await Executor(options).RunAsync(new CronJobDefinition { Name = "gc", IntervalSeconds = 60, Action = CronAction.BusGc }, Claim("gc", T0), CancellationToken.None);

        var left = await _bus.FetchAsync(["c"], 0, DateTimeOffset.UnixEpoch, 10, CancellationToken.None);
        Assert.Equal(["""{"type": "t", "payload": 2}"""], left.Select(n => n.Message));
    }

    [Fact]
    public async Task AnHttpJobOnACronOnlyNodeFailsWithAReason()
    {
        var job = new CronJobDefinition { Name = "ping", IntervalSeconds = 60, Action = CronAction.Http, Path = "/web/health" };

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Executor(new ServerOptions { HttpEnable = false }).RunAsync(job, Claim("ping", T0), CancellationToken.None));

        Assert.Equal("this node serves no HTTP (--no-http)", failure.Message);
    }

    [Theory]
    [InlineData("", 8069, "http://127.0.0.1:8069/")]
    [InlineData("0.0.0.0", 8069, "http://127.0.0.1:8069/")]
    [InlineData("10.1.2.3", 80, "http://10.1.2.3/")]
    [InlineData("::", 8069, "http://[::1]:8069/")]
    public void AnHttpJobReachesTheServersOwnPort(string httpInterface, int port, string expected)
    {
        Assert.Equal(expected, CronJobExecutor.OwnAddress(new ServerOptions { HttpInterface = httpInterface, HttpPort = port }).ToString());
    }

    [Fact]
    public void TheBusTimerStandsDownOnlyWhileACronRunnerCollects()
    {
        var gc = new CronJobDefinition { Name = "gc", IntervalSeconds = 3600, Action = CronAction.BusGc };

        Assert.True(CronJobSelection.CollectsBus(new ServerOptions { CronJobs = [gc] }));
        Assert.False(CronJobSelection.CollectsBus(new ServerOptions { CronJobs = [gc], MaxCronThreads = 0 }));
        Assert.False(CronJobSelection.CollectsBus(new ServerOptions { CronJobs = [gc with { Active = false }] }));
        Assert.False(CronJobSelection.CollectsBus(new ServerOptions()));
    }

    public async Task DisposeAsync()
    {
        await _bus.DisposeAsync();
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    private CronJobExecutor Executor(ServerOptions options) =>
        new(_bus, options, new ProcessIdentity(4242, "cron", 1), _http, _time, NullLogger.Instance);

    private static CronClaim Claim(string name, DateTimeOffset scheduled) => new(name, scheduled, scheduled.AddSeconds(10), () => ValueTask.CompletedTask);
}
