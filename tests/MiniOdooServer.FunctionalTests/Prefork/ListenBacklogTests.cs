using System.Globalization;
using MiniOdooServer.FunctionalTests.Monitoring;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Prefork;

/// <summary>
/// Issue 15, item 3: every listening port queues as many connections as the kernel allows (up to 2048), or
/// <c>listen_backlog</c>; Odoo's 8 per worker dropped SYNs at 256 concurrent clients.
/// </summary>
public sealed class ListenBacklogTests
{
    /// <summary>What mini-odoo listens with by default on this machine: net.core.somaxconn, at most 2048.</summary>
    public static int Automatic { get; } =
        Math.Min(2048, int.Parse(File.ReadAllText("/proc/sys/net/core/somaxconn").Trim(), CultureInfo.InvariantCulture));

    [Fact]
    public async Task BothPortsOfAPreforkServerTakeTheConfiguredBacklog()
    {
        var (server, port, _) = await Servers.StartPreforkWithBusAsync(1, "--listen-backlog", "300");
        await using var _ = server;

        await StatusClient.WaitForAsync(port, "mini_odoo_listen_queue_backlog{listener=\"gevent\"}", v => v == 300);
        Assert.Equal(300, StatusClient.Value(await StatusClient.MetricsAsync(port), "mini_odoo_listen_queue_backlog{listener=\"http\"}"));
        Assert.Contains("Listen backlog: 300 connections per port", server.Output);
    }

    [Fact]
    public async Task TheThreadedServerTakesTheKernelsLargestUpTo2048()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var _ = server;

        await StatusClient.WaitForAsync(port, "mini_odoo_listen_queue_backlog{listener=\"http\"}", v => v == Automatic);
        Assert.Contains($"Listen backlog: {Automatic} connections per port", server.Output);
    }
}
