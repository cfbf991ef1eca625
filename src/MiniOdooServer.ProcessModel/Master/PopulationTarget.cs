using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// What the master aims for: the configuration in force, the current generation and how many workers of each kind
/// it keeps. SIGHUP starts a new generation, SIGTTIN/SIGTTOU move the HTTP population; nothing else changes it.
/// </summary>
internal sealed class PopulationTarget(ServerOptions options, bool longPolling)
{
    public ServerOptions Options { get; private set; } = options;

    public int Generation { get; private set; } = 1;

    public int HttpWorkers { get; private set; } = options.HttpWorkerProcesses;

    public int Of(WorkerKind kind) => kind switch
    {
        WorkerKind.Http => HttpWorkers,
        // One evented process, as Odoo: it serves every long-poll and websocket of the machine.
        WorkerKind.LongPolling => longPolling && Options.HttpEnable ? 1 : 0,
        WorkerKind.Cron => Options.MaxCronThreads,
        _ => 0,
    };

    /// <summary>Whether this master serves HTTP at all (its socket was bound for HTTP workers).</summary>
    public bool ServesHttp => Options.HttpWorkerProcesses > 0;

    public void AddHttpWorker() => HttpWorkers++;

    public void RemoveHttpWorker() => HttpWorkers--;

    /// <summary>A reload: the new configuration, a generation more, the HTTP population it asks for.</summary>
    public void StartGeneration(ServerOptions options)
    {
        Options = options;
        Generation++;
        HttpWorkers = options.HttpWorkerProcesses;
    }
}
