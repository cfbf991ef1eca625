using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Odoo's PreforkServer: keeps a population of workers alive and turns signals into actions; it serves nothing
/// itself. One loop reads the event queue and acts on each event, then, on each tick and in a fixed order, kills
/// workers past their limits, completes a reload, keeps the population, and finishes a stop — each the job of one
/// collaborator (<see cref="Watchdog"/>, <see cref="GenerationReload"/>, <see cref="WorkerSpawner"/>,
/// <see cref="StopSequence"/>) over the <see cref="WorkerRoster"/>. Time and process launching are injected, so
/// every rule is testable without processes or sleeping.
/// </summary>
public sealed class PreforkMaster
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ISupervisionJournal _journal;
    private readonly Channel<MasterEvent> _events = Channel.CreateUnbounded<MasterEvent>();
    private readonly WorkerRoster _roster;
    private readonly WorkerRetirement _retirement;
    private readonly WorkerSpawner _spawner;
    private readonly Watchdog _watchdog;
    private readonly GenerationReload _reload;
    private readonly StopSequence _stop;
    private readonly ServiceManagerReport _serviceManager;
    private readonly BinaryUpgrade _upgrade;

    /// <param name="configuration">The configuration of the first generation.</param>
    /// <param name="reload">Reads the configuration again on SIGHUP; throws when it is invalid.</param>
    /// <param name="longPolling">Keep one longpolling worker alive too (the role bound gevent_port for it).</param>
    /// <param name="journal">Told of starts, recycles, kills and exits, for the status view; nothing by default.</param>
    /// <param name="serviceManager">Told of readiness, reloads and the stop (systemd); nothing by default.</param>
    /// <param name="successors">Starts the new master of a binary upgrade (SIGUSR2); without it SIGUSR2 is refused.</param>
    public PreforkMaster(
        GenerationConfiguration configuration, IWorkerLauncher launcher, TimeProvider time, ILogger log,
        Func<GenerationConfiguration> reload, bool longPolling = false,
        ISupervisionJournal? journal = null, IServiceManager? serviceManager = null, ISuccessorLauncher? successors = null)
    {
        _journal = journal ?? NoSupervisionJournal.Instance;
        _time = time;
        _log = log;
        _roster = new WorkerRoster(configuration, longPolling);
        _retirement = new WorkerRetirement(_roster, _journal, log);
        _spawner = new WorkerSpawner(_roster, launcher, _journal, Post);
        _watchdog = new Watchdog(_roster, _retirement, _spawner, time, log);
        _reload = new GenerationReload(_roster, _retirement, reload, log);
        _stop = new StopSequence(_roster, _retirement, time, log);
        _serviceManager = new ServiceManagerReport(serviceManager ?? NoServiceManager.Instance, _roster, time);
        _upgrade = new BinaryUpgrade(successors, Post, log);
    }

    public IReadOnlyList<WorkerHandle> Workers => _roster.All;

    public int HttpPopulation => _roster.HttpWorkers;

    public int Generation => _roster.Generation;

    /// <summary>Set once the master is done: the exit status of the whole server.</summary>
    public int? ExitCode => _stop.ExitCode;

    /// <summary>Enqueues an event; safe from any thread (signal handlers, pipe readers, exit callbacks).</summary>
    public void Post(MasterEvent masterEvent) => _events.Writer.TryWrite(masterEvent);

    /// <summary>Runs until the server has stopped; returns its exit status.</summary>
    public async Task<int> RunAsync()
    {
        Tick();
        var nextTick = _time.GetUtcNow() + TickInterval;
        while (_stop.ExitCode is null)
        {
            var wait = nextTick - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                using var wake = new CancellationTokenSource(wait, _time);
                try
                {
                    await _events.Reader.WaitToReadAsync(wake.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
            while (_events.Reader.TryRead(out var masterEvent))
            {
                Handle(masterEvent);
            }
            Tick();
            if (_time.GetUtcNow() >= nextTick)
            {
                nextTick = _time.GetUtcNow() + TickInterval;
            }
        }
        return _stop.ExitCode.Value;
    }

    /// <summary>Acts on one event.</summary>
    public void Handle(MasterEvent masterEvent)
    {
        switch (masterEvent)
        {
            case MasterEvent.SignalReceived s:
                HandleSignal(s.Signal);
                break;
            case MasterEvent.WorkerSaid said when _roster.Find(said.Pid) is { } worker:
                HandleMessage(worker, said.Message);
                break;
            case MasterEvent.WorkerExited exited when _roster.Find(exited.Pid) is { } worker:
                HandleExit(worker, exited.ExitCode);
                break;
            case MasterEvent.SuccessorExited successor:
                _upgrade.Exited(successor.Pid, successor.ExitCode);
                break;
        }
    }

    /// <summary>The periodic part of the loop, in a fixed order.</summary>
    public void Tick()
    {
        var now = _time.GetUtcNow();
        _roster.ReadActivity();
        _watchdog.KillWorkersPastLimits(now);
        _reload.RetireOutgoingGeneration();
        if (!_stop.Stopping)
        {
            _spawner.KeepPopulation(now);
        }
        _stop.Finish(now);
        _serviceManager.Update(_stop.Stopping);
    }

    private void HandleSignal(ProcessSignal signal)
    {
        switch (signal)
        {
            case ProcessSignal.Int or ProcessSignal.Term when _stop.Stopping:
                _stop.ForceOnSecondSignal();
                break;
            case ProcessSignal.Int or ProcessSignal.Term:
                if (_upgrade.Stopping())
                {
                    _serviceManager.Silence();
                }
                _stop.BeginGraceful(_roster.Options.Limits.TimeReal);
                break;
            case ProcessSignal.Usr2 when !_stop.Stopping:
                _upgrade.Begin();
                break;
            case ProcessSignal.Hup when !_stop.Stopping:
                _reload.Reload();
                break;
            case ProcessSignal.Ttin when !_stop.Stopping && _roster.ServesHttp:
                AddOneHttpWorker();
                break;
            case ProcessSignal.Ttou when !_stop.Stopping:
                RemoveOneHttpWorker();
                break;
            case ProcessSignal.Quit or ProcessSignal.Usr1:
                LogWorkerTable();
                break;
        }
    }

    private void HandleMessage(WorkerHandle worker, WorkerMessage message)
    {
        switch (message)
        {
            case WorkerMessage.Ready:
                _spawner.Ready(worker);
                break;
            case WorkerMessage.Exiting exiting:
                _retirement.RetiringItself(worker, exiting.Reason);
                break;
        }
    }

    private void HandleExit(WorkerHandle worker, int exitCode)
    {
        _roster.Remove(worker);
        var stopping = _stop.Stopping;
        // Before its slot is released: the journal notes in the slot who left and why.
        _journal.Exited(worker, exitCode, unexpected: worker.RetireReason is null && !stopping && exitCode != ExitCodes.CriticalWorkerError);
        worker.Process.Dispose();
        if (exitCode == ExitCodes.CriticalWorkerError)
        {
            // Odoo's reserved status: a worker asks for the whole server to stop.
            _log.CriticalWorkerError(worker.Pid);
            _stop.CriticalWorkerExited();
        }
        else if (worker.RetireReason is { } reason)
        {
            _log.WorkerExited(worker.Name, reason, exitCode);
        }
        else if (!worker.WasReady && !stopping)
        {
            var delay = _spawner.BootFailed(worker, _time.GetUtcNow());
            _log.WorkerDiedAtBoot(worker.Name, exitCode, delay.TotalSeconds);
        }
        else if (!stopping)
        {
            _log.WorkerDied(worker.Name, exitCode);
        }
    }

    /// <summary>SIGTTIN: one HTTP worker more, started on the next tick.</summary>
    private void AddOneHttpWorker()
    {
        _roster.AddHttpWorker();
        _log.PopulationChanged(_roster.HttpWorkers, "SIGTTIN");
    }

    /// <summary>SIGTTOU: one HTTP worker fewer, and one worker really retired (Odoo only lowers the target).</summary>
    private void RemoveOneHttpWorker()
    {
        if (_roster.HttpWorkers <= 1)
        {
            _log.PopulationUnchanged(_roster.HttpWorkers);
            return;
        }
        _roster.RemoveHttpWorker();
        _log.PopulationChanged(_roster.HttpWorkers, "SIGTTOU");
        _roster.ReadActivity();
        var candidates = _roster.Current(WorkerKind.Http);
        // An idle worker goes first, then the youngest: the least work is interrupted.
        var victim = candidates.OrderBy(w => w.State == WorkerState.Idle ? 0 : 1).ThenByDescending(w => w.StartedAt).FirstOrDefault();
        if (victim is not null)
        {
            _retirement.Retire(victim, "SIGTTOU");
        }
    }

    /// <summary>SIGQUIT and SIGUSR1: the worker table in the log, in the same format as <c>mini-odoo status</c>.</summary>
    private void LogWorkerTable()
    {
        _roster.ReadActivity();
        var now = _time.GetUtcNow();
        _log.TableLine($"{_roster.Count} worker(s), generation {_roster.Generation}, HTTP population {_roster.HttpWorkers}");
        var rows = _roster.All.OrderBy(w => w.Kind).ThenBy(w => w.StartedAt).Select(w => new WorkerTableRow(
            w.Pid, w.Kind.Role(), w.Generation, w.State.ToString().ToLowerInvariant(), w.Served, now - w.StartedAt,
            w.LastActivity?.ResidentBytes ?? 0, w.LastActivity?.CpuTime ?? TimeSpan.Zero, _journal.LastExitInSlot(w),
            w.CurrentRequest ?? (w.Kind == WorkerKind.LongPolling ? $"{w.LastActivity?.Connections ?? 0} connection(s)" : null),
            w.CurrentRequest is not null && w.BusySince is { } since ? _time.GetElapsedTime(since) : null));
        foreach (var line in WorkerTable.Lines(rows))
        {
            _log.TableLine(line);
        }
    }
}
