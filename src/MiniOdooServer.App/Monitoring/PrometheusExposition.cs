using Prometheus;

namespace MiniOdooServer.App.Monitoring;

/// <summary>
/// <c>/metrics</c>: the status as Prometheus text, written by prometheus-net. The counters live in shared memory
/// (summed over every process at the scrape), not in the library, so each scrape fills a fresh registry: counters
/// are raised to their totals, gauges set, and the duration histogram replayed bucket by bucket — each bucket's
/// count observed at the bucket's mean duration, which lies inside the bucket and keeps the sum exact.
/// </summary>
public static class PrometheusExposition
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    static PrometheusExposition()
    {
        // The library's own process metrics would describe only whichever worker answers the scrape.
        Metrics.SuppressDefaultMetrics();
    }

    /// <param name="waitingPolls">
    /// The long-polls waiting in the answering process's bus, where it serves them (the longpolling worker, the
    /// threaded server); null elsewhere, and then the series is left out rather than shown as 0.
    /// </param>
    public static async Task WriteAsync(ServerStatus status, int? waitingPolls, Stream destination, CancellationToken cancellationToken)
    {
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        Fill(factory, status);
        if (waitingPolls is { } waiting)
        {
            factory.CreateGauge("mini_odoo_bus_waiting_polls",
                    "Long-polls waiting for a message in the bus of the process that answered this scrape (the longpolling worker on the gevent port, or the threaded server).")
                .Set(waiting);
        }
        await registry.CollectAndExportAsTextAsync(destination, cancellationToken);
    }

    private static void Fill(IMetricFactory factory, ServerStatus status)
    {
        var requests = factory.CreateCounter("mini_odoo_http_requests_total",
            "HTTP requests ended, by route module (none: no route matched) and status class, across all processes.",
            new CounterConfiguration { LabelNames = ["module", "status"] });
        foreach (var count in status.Requests)
        {
            requests.WithLabels(count.Module, count.Status).IncTo(count.Count);
        }

        var histogram = status.Duration;
        var duration = factory.CreateHistogram("mini_odoo_http_request_duration_seconds",
            "Time from the request's arrival in the application to the end of its response, across all processes.",
            new HistogramConfiguration { Buckets = histogram.UpperBoundsSeconds.ToArray() });
        for (var bucket = 0; bucket < histogram.Counts.Count; bucket++)
        {
            var count = histogram.Counts[bucket];
            if (count > 0)
            {
                var mean = histogram.SumsSeconds[bucket] / count;
                var upper = bucket < histogram.UpperBoundsSeconds.Count ? histogram.UpperBoundsSeconds[bucket] : double.PositiveInfinity;
                duration.Observe(Math.Min(mean, upper), count);
            }
        }

        var workers = factory.CreateGauge("mini_odoo_workers", "Processes by role and state.",
            new GaugeConfiguration { LabelNames = ["role", "state"] });
        foreach (var group in status.Processes.GroupBy(p => (p.Role, p.State)))
        {
            workers.WithLabels(group.Key.Role, group.Key.State).Set(group.Count());
        }
        factory.CreateGauge("mini_odoo_busy_workers", "HTTP workers (or threaded requests) serving a request now.").Set(status.BusyWorkers);
        factory.CreateGauge("mini_odoo_idle_workers", "HTTP workers waiting for a connection.").Set(status.IdleWorkers);
        var resident = factory.CreateGauge("mini_odoo_resident_bytes", "Resident memory of the processes of a role, at their last request.",
            new GaugeConfiguration { LabelNames = ["role"] });
        foreach (var group in status.Processes.GroupBy(p => p.Role))
        {
            resident.WithLabels(group.Key).Set(group.Sum(p => p.ResidentBytes));
        }

        var queue = factory.CreateGauge("mini_odoo_listen_queue_depth",
            "Connections waiting in a listening socket's accept queue (Linux TCP_INFO), sampled every 250 ms by the master.",
            new GaugeConfiguration { LabelNames = ["listener"] });
        var backlog = factory.CreateGauge("mini_odoo_listen_queue_backlog", "Size of a listening socket's accept queue.",
            new GaugeConfiguration { LabelNames = ["listener"] });
        foreach (var (name, depth) in new[] { ("http", status.HttpListenQueue), ("gevent", status.GeventListenQueue) })
        {
            if (depth is not null)
            {
                queue.WithLabels(name).Set(depth.Depth);
                backlog.WithLabels(name).Set(depth.Backlog);
            }
        }

        var recycles = factory.CreateCounter("mini_odoo_worker_recycles_total",
            "Workers retired after their request, by role and reason (limit_request, limit_memory_soft, reload, ttou, stop...).",
            new CounterConfiguration { LabelNames = ["role", "reason"] });
        foreach (var total in status.Recycles)
        {
            recycles.WithLabels(total.Role, total.Reason).IncTo(total.Count);
        }
        var kills = factory.CreateCounter("mini_odoo_worker_kills_total",
            "Workers the master killed (SIGKILL), by role and reason (limit_time_real, limit_memory_hard, boot_timeout, stop).",
            new CounterConfiguration { LabelNames = ["role", "reason"] });
        foreach (var total in status.Kills)
        {
            kills.WithLabels(total.Role, total.Reason).IncTo(total.Count);
        }
        var crashes = factory.CreateCounter("mini_odoo_worker_crashes_total",
            "Workers that exited without being asked (crashed, killed from outside, failed to boot), by role.",
            new CounterConfiguration { LabelNames = ["role"] });
        foreach (var total in status.Crashes)
        {
            crashes.WithLabels(total.Role).IncTo(total.Count);
        }
        var respawns = factory.CreateCounter("mini_odoo_worker_respawns_total",
            "Workers started to replace one that was recycled, killed or died, by role.",
            new CounterConfiguration { LabelNames = ["role"] });
        foreach (var total in status.Respawns)
        {
            respawns.WithLabels(total.Role).IncTo(total.Count);
        }

        factory.CreateGauge("mini_odoo_longpolling_connections", "Connections open on the longpolling worker (long-polls and websockets).")
            .Set(status.LongpollingConnections);
        factory.CreateCounter("mini_odoo_bus_messages_published_total", "Bus messages published by any process (/bus/send, the chat).")
            .IncTo(status.BusMessagesPublished);
        factory.CreateCounter("mini_odoo_requests_queued_in_worker_total",
                "Complete requests that waited for their prefork worker's one slot behind another request (arrived slowly on a connection it held).")
            .IncTo(status.RequestsQueuedInWorker);
    }
}
