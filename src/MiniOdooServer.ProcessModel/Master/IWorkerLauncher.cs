using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>Starts worker processes. The seam that lets the master's rules be tested without processes.</summary>
public interface IWorkerLauncher
{
    /// <summary>Starts one worker; what it says and its exit are posted to <paramref name="post"/>.</summary>
    IWorkerProcess Start(WorkerKind kind, int generation, Action<MasterEvent> post);
}

/// <summary>A started worker as its master sees it.</summary>
public interface IWorkerProcess
{
    int Pid { get; }

    void Signal(ProcessSignal signal);
}
