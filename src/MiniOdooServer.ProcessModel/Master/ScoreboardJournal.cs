using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// The master's journal in the scoreboard header: counters of recycles, kills, crashes and respawns by kind and
/// reason, the ring of recent events, and per slot a note of the worker that left it. Only the master loop calls it.
/// A start is a respawn when it fills the place of a worker that left on its own or was killed — not a reload's new
/// generation nor a SIGTTIN addition — hence the departures pending per kind.
/// </summary>
public sealed class ScoreboardJournal(Scoreboard board, TimeProvider time) : ISupervisionJournal
{
    private readonly Dictionary<WorkerKind, Queue<(int Pid, ExitReason Reason)>> _pendingDepartures = [];
    private readonly HashSet<int> _departed = [];

    public void Started(WorkerHandle worker)
    {
        if (_pendingDepartures.GetValueOrDefault(worker.Kind) is { Count: > 0 } pending)
        {
            var (replaced, reason) = pending.Dequeue();
            board.WriteHeader(header =>
            {
                header.CountRespawn(worker.Kind);
                header.AddEvent(time.GetUtcNow(), SupervisionEventType.Respawned, worker.Kind, worker.Pid, worker.Generation, reason, $"replaces {replaced}");
            });
        }
    }

    public void Recycling(WorkerHandle worker, string reason)
    {
        var category = ExitReasons.Classify(reason);
        // A reload, SIGTTOU or a stop means to have fewer or other workers: their successors are not respawns.
        if (category is not (ExitReason.Reload or ExitReason.Ttou or ExitReason.Stop))
        {
            Departed(worker, category);
        }
        board.WriteHeader(header =>
        {
            header.CountRecycle(worker.Kind, category);
            header.AddEvent(time.GetUtcNow(), SupervisionEventType.Recycled, worker.Kind, worker.Pid, worker.Generation, category, reason);
        });
    }

    public void Killed(WorkerHandle worker, string reason)
    {
        var category = ExitReasons.Classify(reason);
        if (category != ExitReason.Stop)
        {
            Departed(worker, category);
        }
        board.WriteHeader(header =>
        {
            header.CountKill(worker.Kind, category);
            header.AddEvent(time.GetUtcNow(), SupervisionEventType.Killed, worker.Kind, worker.Pid, worker.Generation, category, reason);
        });
    }

    public void Exited(WorkerHandle worker, int exitCode, bool unexpected)
    {
        var category = worker.WasReady ? ExitReason.Crash : ExitReason.BootFailure;
        var why = worker.RetireReason ?? (unexpected ? $"died (status {exitCode})" : $"exited (status {exitCode})");
        if (unexpected)
        {
            Departed(worker, category);
        }
        _departed.Remove(worker.Pid);
        board.WriteHeader(header =>
        {
            if (unexpected)
            {
                header.CountCrash(worker.Kind);
                header.AddEvent(time.GetUtcNow(), SupervisionEventType.Died, worker.Kind, worker.Pid, worker.Generation, category, why);
            }
            if (worker.Process.Slot is { } slot)
            {
                board[slot].NotePrevious(worker.Pid, worker.Kind, worker.Generation, time.GetUtcNow(), why);
            }
        });
    }

    public string? LastExitInSlot(WorkerHandle worker) =>
        worker.Process.Slot is { } slot && board[slot].ReadPrevious() is { } previous ? $"{previous.Pid} {previous.Reason}" : null;

    private void Departed(WorkerHandle worker, ExitReason reason)
    {
        if (_departed.Add(worker.Pid))
        {
            if (!_pendingDepartures.TryGetValue(worker.Kind, out var pending))
            {
                _pendingDepartures[worker.Kind] = pending = new Queue<(int, ExitReason)>();
            }
            pending.Enqueue((worker.Pid, reason));
        }
    }
}
