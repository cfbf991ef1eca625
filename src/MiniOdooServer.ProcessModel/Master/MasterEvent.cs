using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>Everything the master loop reacts to; signal handlers, pipe readers and exit callbacks only enqueue these.</summary>
public abstract record MasterEvent
{
    private MasterEvent()
    {
    }

    public sealed record SignalReceived(ProcessSignal Signal) : MasterEvent;

    public sealed record WorkerSaid(int Pid, WorkerMessage Message) : MasterEvent;

    /// <summary>A worker process ended; <paramref name="ExitCode"/> is 128 + N for a death by signal N.</summary>
    public sealed record WorkerExited(int Pid, int ExitCode) : MasterEvent;

    /// <summary>The new master a binary upgrade (SIGUSR2) started has ended.</summary>
    public sealed record SuccessorExited(int Pid, int ExitCode) : MasterEvent;
}
