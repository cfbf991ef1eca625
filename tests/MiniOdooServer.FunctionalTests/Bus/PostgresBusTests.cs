using System.Diagnostics;
using MiniOdooServer.FunctionalTests.Support;
using Xunit.Abstractions;

namespace MiniOdooServer.FunctionalTests.Bus;

/// <summary>The bus on PostgreSQL (db_host/db_name set): bus_bus and LISTEN/NOTIFY shared by several mini-odoo machines.</summary>
public sealed class PostgresBusTests(PostgresCluster postgres, ITestOutputHelper output) : IClassFixture<PostgresCluster>
{
    [Fact]
    public async Task TwoServersOnOnePostgresqlDeliverEachOthersMessagesAtOnce()
    {
        var (a, portA) = await Servers.StartThreadedAsync(postgres.MiniOdooArgs());
        await using var _a = a;
        var (b, portB, geventB) = await Servers.StartPreforkWithBusAsync(1, postgres.MiniOdooArgs());
        await using var _b = b;
        await a.WaitForLogAsync(@"Bus\.loop listening on PostgreSQL");
        var last = await BusClient.SendAsync(portA, "warmup", "t", "0");

        // A publishes, B's longpolling worker is woken by NOTIFY.
        var pollOnB = BusClient.PollAsync(geventB, """["room"]""", last);
        await BusClient.WaitForWaitingPollsAsync(geventB);
        var watch = Stopwatch.StartNew();
        var fromA = await BusClient.SendAsync(portA, "room", "chat", "\"from A\"");
        using var answerB = await pollOnB.Within();
        var latencyAtoB = watch.Elapsed;

        // B publishes (through an HTTP worker), A's websocket is woken by NOTIFY.
        using var socketA = await BusClient.ConnectAsync(portA);
        await BusClient.SubscribeAsync(socketA, """["room"]""", fromA);
        var fromB = await BusClient.SendAsync(portB, "room", "chat", "\"from B\"");
        var frameOnA = await BusClient.ReceiveAsync(socketA);

        output.WriteLine($"publish on A -> poll answered on B: {latencyAtoB.TotalMilliseconds:0.0} ms");
        Assert.Equal(fromA, Assert.Single(BusClient.Notifications(answerB)).Id);
        Assert.True(fromB > fromA, "one id sequence for both servers");
        Assert.Contains($"\"id\":{fromB}", frameOnA);
        Assert.Contains("from B", frameOnA);
        Assert.True(latencyAtoB < TimeSpan.FromSeconds(1), $"NOTIFY wake-up took {latencyAtoB.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task AClientComingBackWithLastGetsEveryMessageStoredInPostgresql()
    {
        var (server, port) = await Servers.StartThreadedAsync(postgres.MiniOdooArgs());
        await using var _ = server;
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await BusClient.SendAsync(port, "catch-up", "chat", i.ToString()));
        }

        using var answer = await BusClient.PollAsync(port, """["catch-up"]""", ids[0] - 1);

        Assert.Equal(ids, BusClient.Notifications(answer).Select(n => n.Id));
    }
}
