namespace MiniOdooServer.App.Monitoring;

/// <summary>
/// Every process of the server and its counters, as read at one instant by whichever process serves the request
/// (<c>GET /web/server/status</c>, the dashboard, <c>/metrics</c>). Counters are totals since the server started:
/// they never reset when a worker is recycled.
/// </summary>
/// <param name="Mode"><c>prefork</c> or <c>threaded</c>.</param>
/// <param name="ServerPid">The master's pid in prefork mode; the one process's in threaded mode.</param>
/// <param name="Requests">Requests ended, by route module (<c>none</c>: no route matched) and status class.</param>
/// <param name="RequestsQueuedInWorker">Complete requests that waited for their prefork worker's slot behind another one.</param>
public sealed record ServerStatus(
    string Mode,
    int ServerPid,
    DateTimeOffset At,
    IReadOnlyList<ProcessStatus> Processes,
    long TotalRequests,
    IReadOnlyList<RequestCount> Requests,
    DurationHistogram Duration,
    int BusyWorkers,
    int IdleWorkers,
    IReadOnlyList<ReasonTotal> Recycles,
    IReadOnlyList<ReasonTotal> Kills,
    IReadOnlyList<RoleTotal> Crashes,
    IReadOnlyList<RoleTotal> Respawns,
    IReadOnlyList<StatusEvent> Events,
    QueueDepth? HttpListenQueue,
    QueueDepth? GeventListenQueue,
    long LongpollingConnections,
    long BusMessagesPublished,
    long RequestsQueuedInWorker);

/// <param name="Role"><c>http</c>, <c>longpolling</c>, <c>cron</c> or <c>threaded</c>.</param>
/// <param name="State"><c>booting</c>, <c>idle</c>, <c>busy</c> or <c>exiting</c>.</param>
/// <param name="Connections">Open connections (the longpolling worker); null for the others.</param>
/// <param name="Previous">The worker that held this process's slot before it, and why it left.</param>
public sealed record ProcessStatus(
    int Pid,
    string Role,
    int Generation,
    string State,
    DateTimeOffset StartedAt,
    double AgeSeconds,
    long Served,
    CurrentRequest? Current,
    long ResidentBytes,
    double CpuSeconds,
    int? Connections,
    PreviousWorker? Previous);

public sealed record CurrentRequest(string Method, string Path, DateTimeOffset StartedAt, double ElapsedSeconds);

public sealed record PreviousWorker(int Pid, string Reason, DateTimeOffset ExitedAt);

/// <param name="Status"><c>1xx</c> … <c>5xx</c>.</param>
public sealed record RequestCount(string Module, string Status, long Count);

/// <summary>Per bucket (not cumulative), with the last bucket above every bound; sums per bucket make the total sum exact.</summary>
public sealed record DurationHistogram(
    IReadOnlyList<double> UpperBoundsSeconds, IReadOnlyList<long> Counts, IReadOnlyList<double> SumsSeconds, long Count, double SumSeconds);

public sealed record ReasonTotal(string Role, string Reason, long Count);

public sealed record RoleTotal(string Role, long Count);

/// <param name="Type"><c>respawn</c>, <c>recycle</c>, <c>kill</c> or <c>died</c>.</param>
public sealed record StatusEvent(long Number, DateTimeOffset At, string Type, string Role, int Pid, int Generation, string Reason, string Detail);

public sealed record QueueDepth(int Depth, int Backlog);
