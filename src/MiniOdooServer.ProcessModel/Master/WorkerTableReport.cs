using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel.Status;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>SIGQUIT and SIGUSR1: the worker table in the log, in the same format as <c>mini-odoo status</c>.</summary>
internal sealed class WorkerTableReport(WorkerRoster roster, PopulationTarget target, ISupervisionJournal journal, TimeProvider time, ILogger log)
{
    public void Write()
    {
        roster.ReadActivity();
        var now = time.GetUtcNow();
        log.TableLine($"{roster.Count} worker(s), generation {target.Generation}, HTTP population {target.HttpWorkers}");
        var rows = roster.All.OrderBy(w => w.Kind).ThenBy(w => w.StartedAt).Select(w => new WorkerTableRow(
            w.Pid, w.Kind.Role(), w.Generation, w.State.ToString().ToLowerInvariant(), w.Served, now - w.StartedAt,
            w.LastActivity?.ResidentBytes ?? 0, w.LastActivity?.CpuTime ?? TimeSpan.Zero, journal.LastExitInSlot(w),
            w.CurrentRequest ?? (w.Kind == WorkerKind.LongPolling ? $"{w.LastActivity?.Connections ?? 0} connection(s)" : null),
            w.CurrentRequest is not null && w.BusySince is { } since ? time.GetElapsedTime(since) : null));
        foreach (var line in WorkerTable.Lines(rows))
        {
            log.TableLine(line);
        }
    }
}
