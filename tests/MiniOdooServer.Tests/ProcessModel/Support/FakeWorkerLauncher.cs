using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Support;

/// <summary>
/// Starts no process: records each "started" worker with a fake pid and every signal the master sends to it.
/// Pids start at 4,000,000, above Linux's pid_max, so the master's /proc/PID/statm read finds nothing.
/// </summary>
internal sealed class FakeWorkerLauncher : IWorkerLauncher
{
    private int _nextPid = 4_000_000;

    public List<FakeWorkerProcess> Started { get; } = [];

    public IWorkerProcess Start(WorkerKind kind, int generation, GenerationConfiguration configuration, Action<MasterEvent> post)
    {
        var process = new FakeWorkerProcess(_nextPid++, kind, generation, configuration);
        Started.Add(process);
        return process;
    }

    public IEnumerable<FakeWorkerProcess> OfGeneration(int generation) => Started.Where(p => p.Generation == generation);

    /// <summary>Every signal sent to any worker, in order.</summary>
    public IEnumerable<(int Pid, ProcessSignal Signal)> AllSignals =>
        Started.SelectMany(p => p.Signals.Select(s => (p.Pid, s)));
}

internal sealed class FakeWorkerProcess(int pid, WorkerKind kind, int generation, GenerationConfiguration? configuration = null) : IWorkerProcess
{
    /// <summary>What the master started it with.</summary>
    public GenerationConfiguration? Configuration { get; } = configuration;

    public int Pid { get; } = pid;

    public WorkerKind Kind { get; } = kind;

    public int Generation { get; } = generation;

    public List<ProcessSignal> Signals { get; } = [];

    /// <summary>What the fake worker's scoreboard slot says; tests set it as a worker would.</summary>
    public WorkerActivity Activity { get; set; } = WorkerActivity.None;

    public bool Disposed { get; private set; }

    public void Signal(ProcessSignal signal) => Signals.Add(signal);

    public WorkerActivity ReadActivity() => Activity;

    public void Dispose() => Disposed = true;
}
