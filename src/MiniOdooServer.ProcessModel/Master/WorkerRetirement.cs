using MiniOdooServer.ProcessModel.Signals;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// The two ways the master tells a worker to go — SIGINT (finish the current request, then exit) and SIGKILL — with
/// the bookkeeping that makes it stop counting and the journal entry saying why.
/// </summary>
internal sealed class WorkerRetirement(WorkerRoster roster, ISupervisionJournal journal)
{
    public void Retire(WorkerHandle worker, string reason)
    {
        worker.State = WorkerState.Retiring;
        worker.RetireReason = reason;
        journal.Recycling(worker, reason);
        // SIGINT is Odoo's "finish the current request, then exit" for a worker.
        worker.Process.Signal(ProcessSignal.Int);
    }

    public void Kill(WorkerHandle worker, string reason)
    {
        worker.State = WorkerState.Retiring;
        worker.RetireReason = reason;
        worker.BusySince = null;
        worker.KillSent = true;
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
