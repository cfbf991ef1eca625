using System.Globalization;
using System.Text;
using MiniOdooServer.App.Monitoring;

namespace MiniOdooServer.Tests.App.Monitoring;

public sealed class PrometheusExpositionTests
{
    [Fact]
    public async Task CountersGaugesAndTheHistogramAreWrittenInPrometheusTextFormat()
    {
        var text = await ExposeAsync(Status(
            requests: [new RequestCount("web", "2xx", 40), new RequestCount("bench", "5xx", 2)],
            duration: new DurationHistogram([0.001, 0.01, 0.1], [3, 0, 2, 1], [0.0021, 0, 0.11, 7.5], 6, 7.6121)));

        Assert.Contains("# TYPE mini_odoo_http_requests_total counter", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_http_requests_total{module=\"web\",status=\"2xx\"} 40", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_http_requests_total{module=\"bench\",status=\"5xx\"} 2", text, StringComparison.Ordinal);
        // Cumulative buckets; the sum is the exact total, from per-bucket sums.
        Assert.Contains("mini_odoo_http_request_duration_seconds_bucket{le=\"0.001\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_http_request_duration_seconds_bucket{le=\"0.01\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_http_request_duration_seconds_bucket{le=\"0.1\"} 5", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_http_request_duration_seconds_bucket{le=\"+Inf\"} 6", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_http_request_duration_seconds_count 6", text, StringComparison.Ordinal);
        var sum = Line(text, "mini_odoo_http_request_duration_seconds_sum ");
        Assert.Equal(7.6121, double.Parse(sum, CultureInfo.InvariantCulture), 9);
        Assert.Contains("mini_odoo_busy_workers 1", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_idle_workers 2", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_worker_recycles_total{role=\"http\",reason=\"limit_request\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_worker_kills_total{role=\"http\",reason=\"limit_time_real\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_worker_respawns_total{role=\"http\"} 5", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_listen_queue_depth{listener=\"http\"} 7", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_longpolling_connections 12", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_bus_messages_published_total 9", text, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_workers{role=\"http\",state=\"idle\"} 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAbsentListenQueueIsNotInvented()
    {
        var text = await ExposeAsync(Status(requests: [], duration: new DurationHistogram([0.1], [0, 0], [0, 0], 0, 0)) with { HttpListenQueue = null });

        Assert.DoesNotContain("mini_odoo_listen_queue_depth{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWaitingPollsOfTheAnsweringProcessAreWrittenOnlyWhereItServesPolls()
    {
        var status = Status(requests: [], duration: new DurationHistogram([0.1], [0, 0], [0, 0], 0, 0));

        Assert.Contains("mini_odoo_bus_waiting_polls 3", await ExposeAsync(status, waitingPolls: 3), StringComparison.Ordinal);
        Assert.DoesNotContain("mini_odoo_bus_waiting_polls", await ExposeAsync(status), StringComparison.Ordinal);
    }

    private static async Task<string> ExposeAsync(ServerStatus status, int? waitingPolls = null)
    {
        using var stream = new MemoryStream();
        await PrometheusExposition.WriteAsync(status, waitingPolls, stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Line(string text, string prefix) =>
        text.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    private static ServerStatus Status(IReadOnlyList<RequestCount> requests, DurationHistogram duration)
    {
        var now = DateTimeOffset.UnixEpoch;
        ProcessStatus Process(int pid, string state) => new(pid, "http", 1, state, now, 1, 0, null, 1 << 20, 0, null, null);
        return new ServerStatus(
            "prefork", 1, now, [Process(2, "busy"), Process(3, "idle"), Process(4, "idle")], requests.Sum(r => r.Count), requests, duration,
            BusyWorkers: 1, IdleWorkers: 2,
            Recycles: [new ReasonTotal("http", "limit_request", 4)],
            Kills: [new ReasonTotal("http", "limit_time_real", 1)],
            Crashes: [new RoleTotal("http", 0)],
            Respawns: [new RoleTotal("http", 5)],
            Events: [],
            HttpListenQueue: new QueueDepth(7, 128),
            GeventListenQueue: null,
            LongpollingConnections: 12,
            BusMessagesPublished: 9,
            RequestsQueuedInWorker: 0);
    }
}
