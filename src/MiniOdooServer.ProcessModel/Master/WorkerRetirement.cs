using Microsoft.Extensions.Logging;
using MiniOdooServer.ProcessModel.Signals;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// How a worker goes: the master tells it to with SIGINT (finish the current request, then exit) or SIGKILL, or it
/// says it goes by itself; each with the transition that makes it stop counting and the journal entry saying why.
/// </summary>
internal sealed class WorkerRetirement(WorkerRoster roster, ISupervisionJournal journal, ILogger log)
{
    public void Retire(WorkerHandle worker, string reason)
    {
        worker.Retire(reason);
        journal.Recycling(worker, reason);
        // SIGINT is Odoo's "finish the current request, then exit" for a worker.
        worker.Process.Signal(ProcessSignal.Int);
    }

    /// <summary>The worker retires itself (limit_request, memory): it is replaced now, not when it has exited.</summary>
    public void RetiringItself(WorkerHandle worker, string reason)
    {
        worker.Retire(reason);
        log.WorkerRecycling(worker.Name, reason);
        journal.Recycling(worker, reason);
    }

    public void Kill(WorkerHandle worker, string reason)
    {
        worker.Kill(reason);
        worker.Process.Signal(ProcessSignal.Kill);
        journal.Killed(worker, reason);
    }

    /// <summary>SIGKILL to every worker; one already retiring keeps its reason.</summary>
    public void KillAll(string reason)
    {
        foreach (var worker in roster.All)
        {
            Kill(worker, worker.RetireReason ?? reason);
        }
    }
}
