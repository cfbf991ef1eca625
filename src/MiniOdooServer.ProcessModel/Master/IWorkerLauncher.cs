using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>Starts worker processes. The seam that lets the master's rules be tested without processes.</summary>
public interface IWorkerLauncher
{
    /// <summary>
    /// Starts one worker of <paramref name="generation"/>, which runs with <paramref name="configuration"/>; what it says
    /// (ready, exiting) and its exit are posted to <paramref name="post"/>.
    /// </summary>
    IWorkerProcess Start(WorkerKind kind, int generation, GenerationConfiguration configuration, Action<MasterEvent> post);
}

/// <summary>A started worker as its master sees it. Disposed once the master has handled its exit.</summary>
public interface IWorkerProcess : IDisposable
{
    int Pid { get; }

    void Signal(ProcessSignal signal);

    /// <summary>What the worker is doing now, from its scoreboard slot: read, not told, so a request costs the master nothing.</summary>
    WorkerActivity ReadActivity();

    /// <summary>Its scoreboard slot, where the master notes why it left; null without a scoreboard.</summary>
    int? Slot => null;
}
