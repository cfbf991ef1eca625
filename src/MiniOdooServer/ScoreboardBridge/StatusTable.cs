using MiniOdooServer.App.Monitoring;
using MiniOdooServer.ProcessModel.Scoreboards;

namespace MiniOdooServer.ScoreboardBridge;

/// <summary>The worker table of a status, for <c>mini-odoo status</c> and the threaded server's SIGUSR1/SIGQUIT (the master builds its own rows).</summary>
internal static class StatusTable
{
    public static IReadOnlyList<string> Lines(ServerStatus status)
    {
        var lines = new List<string>
        {
            $"{status.Mode} server {status.ServerPid}: {status.Processes.Count} process(es), {status.TotalRequests} request(s) served, " +
            $"{status.BusyWorkers} busy, {status.IdleWorkers} idle" +
            (status.HttpListenQueue is { } queue ? $", listen queue {queue.Depth}/{queue.Backlog}" : "") +
            (status.Mode == "prefork" ? $", {status.LongpollingConnections} longpolling connection(s)" : ""),
        };
        lines.AddRange(WorkerTable.Lines(status.Processes.Select(Row)));
        var changes = status.Recycles.Select(r => $"{r.Role} recycled ({r.Reason}) {r.Count}")
            .Concat(status.Kills.Select(k => $"{k.Role} killed ({k.Reason}) {k.Count}"))
            .Concat(status.Crashes.Where(c => c.Count > 0).Select(c => $"{c.Role} died {c.Count}"))
            .Concat(status.Respawns.Where(r => r.Count > 0).Select(r => $"{r.Role} respawned {r.Count}"))
            .ToArray();
        if (changes.Length > 0)
        {
            lines.Add("since start: " + string.Join(", ", changes));
        }
        return lines;
    }

    private static WorkerTableRow Row(ProcessStatus process) => new(
        process.Pid,
        process.Role,
        process.Generation,
        process.State,
        process.Served,
        TimeSpan.FromSeconds(process.AgeSeconds),
        process.ResidentBytes,
        TimeSpan.FromSeconds(process.CpuSeconds),
        process.Previous is { } previous ? $"{previous.Pid} {previous.Reason}" : null,
        process.Current is { } current ? $"{current.Method} {current.Path}"
            : process.Connections is { } connections ? $"{connections} connection(s)" : null,
        process.Current is { } running ? TimeSpan.FromSeconds(running.ElapsedSeconds) : null);
}
