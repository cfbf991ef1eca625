using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// The master's live workers and the population it aims for: the configuration in force, the current generation and
/// how many workers of each kind it keeps. SIGHUP starts a new generation, SIGTTIN/SIGTTOU move the HTTP population;
/// nothing else changes the target.
/// </summary>
internal sealed class WorkerRoster(GenerationConfiguration configuration, bool longPolling)
{
    private readonly List<WorkerHandle> _workers = [];

    public IReadOnlyList<WorkerHandle> All => _workers;

    public int Count => _workers.Count;

    /// <summary>The configuration of the current generation, which the workers it starts inherit.</summary>
    public GenerationConfiguration Configuration { get; private set; } = configuration;

    public ServerOptions Options => Configuration.Options;

    public int Generation { get; private set; } = 1;

    /// <summary>The HTTP workers the current generation keeps.</summary>
    public int HttpWorkers { get; private set; } = configuration.Options.HttpWorkerProcesses;

    /// <summary>Whether this master serves HTTP at all (its socket was bound for HTTP workers).</summary>
    public bool ServesHttp => Options.HttpWorkerProcesses > 0;

    /// <summary>How many workers of <paramref name="kind"/> the current generation keeps.</summary>
    public int Target(WorkerKind kind) => kind switch
    {
        WorkerKind.Http => HttpWorkers,
        // One evented process, as Odoo: it serves every long-poll and websocket of the machine.
        WorkerKind.LongPolling => longPolling && Options.HttpEnable ? 1 : 0,
        WorkerKind.Cron => Options.MaxCronThreads,
        _ => 0,
    };

    public void AddHttpWorker() => HttpWorkers++;

    public void RemoveHttpWorker() => HttpWorkers--;

    /// <summary>A reload: the new configuration, a generation more, the HTTP population it asks for.</summary>
    public void StartGeneration(GenerationConfiguration next)
    {
        Configuration = next;
        Generation++;
        HttpWorkers = next.Options.HttpWorkerProcesses;
    }

    public WorkerHandle? Find(int pid) => _workers.Find(w => w.Pid == pid);

    public void Add(WorkerHandle worker) => _workers.Add(worker);

    /// <summary>A worker was reaped: it leaves the roster for good.</summary>
    public void Remove(WorkerHandle worker)
    {
        _workers.Remove(worker);
        worker.Exited();
    }

    /// <summary>Workers of <paramref name="kind"/> that count toward the population: the current generation, not retiring.</summary>
    public int Counted(WorkerKind kind) => Current(kind).Count();

    /// <summary>Workers of <paramref name="kind"/> of the current generation that accept (a reload waits for them).</summary>
    public int Accepting(WorkerKind kind) => Current(kind).Count(w => w.WasReady);

    /// <summary>Workers of <paramref name="kind"/> of older generations not yet told to go.</summary>
    public WorkerHandle[] Outgoing(WorkerKind kind) =>
        _workers.Where(w => w.Kind == kind && w.Generation < Generation && w.State != WorkerState.Retiring).ToArray();

    /// <summary>Workers of <paramref name="kind"/> of the current generation, not retiring.</summary>
    public IEnumerable<WorkerHandle> Current(WorkerKind kind) =>
        _workers.Where(w => w.Kind == kind && w.Generation == Generation && w.State != WorkerState.Retiring);

    /// <summary>Copies what each worker wrote in its scoreboard slot: the watchdog's heartbeat, read each tick.</summary>
    public void ReadActivity()
    {
        foreach (var worker in _workers)
        {
            worker.ReadActivity();
        }
    }
}
