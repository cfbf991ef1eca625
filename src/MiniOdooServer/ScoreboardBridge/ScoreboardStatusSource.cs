using MiniOdooServer.App.Monitoring;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ScoreboardBridge;

/// <summary>
/// The application's view of the server, read from the scoreboard: in prefork mode the master's board, shared by
/// every worker (so any of them shows every process); in threaded mode the process's own one-slot board.
/// </summary>
/// <param name="httpQueue">Where the HTTP accept queue is read when the board has none (the threaded server).</param>
internal sealed class ScoreboardStatusSource(Scoreboard board, TimeProvider time, Func<ListenQueue?>? httpQueue = null) : IServerStatusSource
{
    /// <summary>The kinds that get zero-valued series in prefork mode, so that a dashboard's query has a line from the start.</summary>
    private static readonly WorkerKind[] PreforkKinds = [WorkerKind.Http, WorkerKind.Cron, WorkerKind.LongPolling];

    public ServerStatus Read()
    {
        ScoreboardSnapshot snapshot;
        try
        {
            snapshot = board.Snapshot(new SeqlockPatience(time));
        }
        catch (ScoreboardUnreadableException e)
        {
            throw new ServerStatusUnavailableException(e.Message, e);
        }
        if (snapshot.HttpQueue is null && httpQueue?.Invoke() is { } queue)
        {
            snapshot = snapshot with { HttpQueue = queue };
        }
        return From(snapshot, time);
    }

    public static ServerStatus From(ScoreboardSnapshot snapshot, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var threaded = snapshot.Slots.Any(s => s.Activity.Kind == WorkerKind.Threaded);
        var processes = snapshot.Slots
            .OrderBy(s => s.Activity.Kind).ThenBy(s => s.Activity.StartedAt)
            .Select(s => Process(s, now, time))
            .ToArray();
        var totals = snapshot.Totals;
        var requests = new List<RequestCount>();
        for (var module = 0; module < RequestCounters.ModuleCapacity; module++)
        {
            for (var statusClass = 0; statusClass < RequestCounters.StatusClasses; statusClass++)
            {
                if (totals.RequestCount(module, statusClass) is > 0 and var count)
                {
                    requests.Add(new RequestCount(RouteModuleTag.NameOf(module), $"{statusClass + 1}xx", count));
                }
            }
        }
        var kinds = threaded ? [] : PreforkKinds;
        return new ServerStatus(
            threaded ? "threaded" : "prefork",
            snapshot.ServerPid,
            now,
            processes,
            totals.TotalRequests,
            requests,
            Histogram(totals),
            processes.Count(p => p.Role is "http" or "threaded" && p.State == "busy"),
            processes.Count(p => p.Role is "http" or "threaded" && p.State == "idle"),
            snapshot.Recycles.Select(r => new ReasonTotal(r.Kind.Role(), r.Reason.Label(), r.Count)).ToArray(),
            snapshot.Kills.Select(r => new ReasonTotal(r.Kind.Role(), r.Reason.Label(), r.Count)).ToArray(),
            snapshot.Crashes.Where(c => kinds.Contains(c.Kind)).Select(c => new RoleTotal(c.Kind.Role(), c.Count)).ToArray(),
            snapshot.Respawns.Where(c => kinds.Contains(c.Kind)).Select(c => new RoleTotal(c.Kind.Role(), c.Count)).ToArray(),
            snapshot.Events.Select(e => new StatusEvent(
                e.Number, e.At, e.Type.Label(), e.Kind.Role(), e.Pid, e.Generation, e.Reason.Label(), e.Detail)).ToArray(),
            Queue(snapshot.HttpQueue),
            Queue(snapshot.GeventQueue),
            snapshot.Slots.Where(s => s.Activity.Kind == WorkerKind.LongPolling).Sum(s => (long)s.Connections),
            totals.BusMessagesPublished,
            totals.RequestsQueued);
    }

    private static ProcessStatus Process(SlotSnapshot slot, DateTimeOffset now, TimeProvider time)
    {
        var activity = slot.Activity;
        var current = activity is { State: WorkerSlotState.Busy, Method: { } method, RequestStartedAt: { } startedAt }
            ? new CurrentRequest(method, activity.Path ?? "/", startedAt,
                activity.RequestStartedTimestamp is { } timestamp ? time.GetElapsedTime(timestamp).TotalSeconds : (now - startedAt).TotalSeconds)
            : null;
        return new ProcessStatus(
            activity.Pid,
            activity.Kind.Role(),
            activity.Generation,
            activity.State.ToString().ToLowerInvariant(),
            activity.StartedAt,
            Math.Max(0, (now - activity.StartedAt).TotalSeconds),
            // Its counters, not the worker's own count: the longpolling worker and the threaded server count there only.
            // A cron worker serves no request: its count is of the jobs it ran.
            activity.Kind == WorkerKind.Cron ? activity.Served : slot.Counters.TotalRequests,
            current,
            activity.ResidentBytes,
            activity.CpuTime.TotalSeconds,
            activity.Kind == WorkerKind.LongPolling ? slot.Connections : null,
            slot.Previous is { } previous ? new PreviousWorker(previous.Pid, previous.Reason, previous.ExitedAt) : null);
    }

    private static DurationHistogram Histogram(RequestTotals totals) => new(
        RequestCounters.BucketBoundsMicroseconds.Select(b => b / 1e6).ToArray(),
        totals.BucketCounts.ToArray(),
        totals.BucketSumsMicroseconds.Select(s => s / 1e6).ToArray(),
        totals.BucketCounts.Sum(),
        totals.BucketSumsMicroseconds.Sum() / 1e6);

    private static QueueDepth? Queue(ListenQueue? queue) => queue is null ? null : new QueueDepth(queue.Depth, queue.Backlog);
}
