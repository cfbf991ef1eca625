using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Status;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Odoo's PreforkServer: keeps a population of workers alive and turns signals into actions; it serves nothing
/// itself. One loop reads the event queue and then, in a fixed order, kills workers past their limits, completes a
/// reload, keeps the population, and finishes a stop. Time and process launching are injected, so every rule is
/// testable without processes or sleeping.
/// </summary>
public sealed partial class PreforkMaster
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(60);

    private readonly IWorkerLauncher _launcher;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Func<ServerOptions> _reloadOptions;
    private readonly Action<int>? _populationChanged;
    private readonly bool _longPolling;
    private readonly ISupervisionJournal _journal;
    private readonly Channel<MasterEvent> _events = Channel.CreateUnbounded<MasterEvent>();
    private readonly List<WorkerHandle> _workers = [];
    private readonly Dictionary<WorkerKind, RespawnBackoff> _backoff = [];
    private ServerOptions _options;
    private int _httpPopulation;
    private int _generation = 1;
    private DateTimeOffset? _stopDeadline;
    private bool _stopping;
    private bool _killSent;
    private bool _criticalExit;
    private int? _exitCode;

    /// <param name="reloadOptions">Reads the configuration again on SIGHUP; throws when it is invalid.</param>
    /// <param name="populationChanged">Told the new HTTP population after TTIN/TTOU (the listen backlog follows it).</param>
    /// <param name="longPolling">Keep one longpolling worker alive too (the role bound gevent_port for it).</param>
    /// <param name="journal">Told of starts, recycles, kills and exits, for the status view; nothing by default.</param>
    public PreforkMaster(
        ServerOptions options, IWorkerLauncher launcher, TimeProvider time, ILogger log,
        Func<ServerOptions> reloadOptions, Action<int>? populationChanged = null, bool longPolling = false,
        ISupervisionJournal? journal = null)
    {
        _journal = journal ?? NoSupervisionJournal.Instance;
        _longPolling = longPolling;
        _options = options;
        _launcher = launcher;
        _time = time;
        _log = log;
        _reloadOptions = reloadOptions;
        _populationChanged = populationChanged;
        _httpPopulation = options.HttpEnable ? options.Workers : 0;
    }

    public IReadOnlyList<WorkerHandle> Workers => _workers;

    public int HttpPopulation => _httpPopulation;

    public int Generation => _generation;

    /// <summary>Set once the master is done: the exit status of the whole server.</summary>
    public int? ExitCode => _exitCode;

    /// <summary>Enqueues an event; safe from any thread (signal handlers, pipe readers, exit callbacks).</summary>
    public void Post(MasterEvent masterEvent) => _events.Writer.TryWrite(masterEvent);

    /// <summary>Runs until the server has stopped; returns its exit status.</summary>
    public async Task<int> RunAsync()
    {
        Tick();
        var nextTick = _time.GetUtcNow() + TickInterval;
        while (_exitCode is null)
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
        return _exitCode.Value;
    }

    /// <summary>Acts on one event.</summary>
    public void Handle(MasterEvent masterEvent)
    {
        switch (masterEvent)
        {
            case MasterEvent.SignalReceived s:
                HandleSignal(s.Signal);
                break;
            case MasterEvent.WorkerSaid said when Find(said.Pid) is { } worker:
                HandleMessage(worker, said.Message);
                break;
            case MasterEvent.WorkerExited exited when Find(exited.Pid) is { } worker:
                HandleExit(worker, exited.ExitCode);
                break;
        }
    }

    /// <summary>The periodic part of the loop, in a fixed order.</summary>
    public void Tick()
    {
        var now = _time.GetUtcNow();
        ReadActivity();
        KillWorkersPastLimits(now);
        RetireOutgoingGeneration();
        if (!_stopping)
        {
            KeepPopulation(now);
        }
        FinishStop(now);
    }

    private WorkerHandle? Find(int pid) => _workers.Find(w => w.Pid == pid);

    private void HandleSignal(ProcessSignal signal)
    {
        switch (signal)
        {
            case ProcessSignal.Int or ProcessSignal.Term when _stopping:
                LogForcedShutdown();
                KillAll("forced shutdown");
                _killSent = true;
                break;
            case ProcessSignal.Int or ProcessSignal.Term:
                BeginStop();
                break;
            case ProcessSignal.Hup when !_stopping:
                Reload();
                break;
            case ProcessSignal.Ttin when !_stopping && _options.HttpEnable:
                _httpPopulation++;
                LogPopulationChanged(_httpPopulation, "SIGTTIN");
                _populationChanged?.Invoke(_httpPopulation);
                break;
            case ProcessSignal.Ttou when !_stopping:
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
                worker.WasReady = true;
                BackoffFor(worker.Kind).Booted();
                if (worker.State == WorkerState.Booting)
                {
                    worker.State = WorkerState.Idle;
                }
                break;
            case WorkerMessage.Exiting exiting:
                // The worker retires itself (limit_request, memory): replace it now, not when it has exited.
                worker.State = WorkerState.Retiring;
                worker.RetireReason = exiting.Reason;
                LogWorkerRecycling(worker.Name, exiting.Reason);
                _journal.Recycling(worker, exiting.Reason);
                break;
        }
    }

    private void HandleExit(WorkerHandle worker, int exitCode)
    {
        _workers.Remove(worker);
        // Before its slot is released: the journal notes in the slot who left and why.
        _journal.Exited(worker, exitCode, unexpected: worker.RetireReason is null && !_stopping && exitCode != ExitCodes.CriticalWorkerError);
        worker.Process.Dispose();
        if (exitCode == ExitCodes.CriticalWorkerError)
        {
            // Odoo's reserved status: a worker asks for the whole server to stop. During a graceful stop it still
            // ends the wait and sets the server's exit status, or a supervisor would read the failure as a clean stop.
            LogCriticalWorkerError(worker.Pid);
            _criticalExit = true;
            if (!_stopping)
            {
                BeginStop(forceful: true);
            }
            else if (!_killSent)
            {
                LogStoppingForcefully();
                KillAll("forced stop");
                _killSent = true;
            }
            return;
        }
        if (worker.RetireReason is { } reason)
        {
            LogWorkerExited(worker.Name, reason, exitCode);
        }
        else if (!worker.WasReady && !_stopping)
        {
            var delay = BackoffFor(worker.Kind).BootFailed(_time.GetUtcNow());
            LogWorkerDiedAtBoot(worker.Name, exitCode, delay.TotalSeconds);
        }
        else if (!_stopping)
        {
            LogWorkerDied(worker.Name, exitCode);
        }
    }

    /// <summary>Copies what each worker wrote in its scoreboard slot: the watchdog's heartbeat, read each tick.</summary>
    private void ReadActivity()
    {
        foreach (var worker in _workers)
        {
            if (worker.KillSent)
            {
                // Its slot still shows the request it was killed for; the watchdog must not kill it twice.
                continue;
            }
            var activity = worker.Process.ReadActivity();
            worker.LastActivity = activity;
            worker.Served = activity.Served;
            worker.BusySince = activity.RequestStartedTimestamp;
            worker.CurrentRequest = activity.CurrentRequest;
            if (worker.State is WorkerState.Idle or WorkerState.Busy)
            {
                worker.State = activity.State == WorkerSlotState.Busy ? WorkerState.Busy : WorkerState.Idle;
            }
        }
    }

    private void KillWorkersPastLimits(DateTimeOffset now)
    {
        foreach (var worker in _workers.ToArray())
        {
            var timeout = TimeoutOf(worker.Kind);
            if (worker is { BusySince: { } since } && timeout > 0 && _time.GetElapsedTime(since) >= TimeSpan.FromSeconds(timeout))
            {
                LogWorkerTimeout(worker.Name, timeout);
                var limit = worker.Kind == WorkerKind.Cron ? "limit_time_real_cron" : "limit_time_real";
                Kill(worker, $"{limit} ({timeout}s) reached during {worker.CurrentRequest}");
            }
            else if (worker.State == WorkerState.Booting && now - worker.StartedAt >= BootTimeout)
            {
                // A worker that never gets ready is a boot failure like one that dies at boot: the replacement
                // waits for the back-off, or a binary that always hangs at boot would be re-forked at once, forever.
                var delay = BackoffFor(worker.Kind).BootFailed(now);
                LogWorkerBootTimeout(worker.Name, BootTimeout.TotalSeconds, delay.TotalSeconds);
                Kill(worker, "boot timeout");
            }
            else if (worker.RetireReason is null && ResidentMemory.OfProcess(worker.Pid) is { } rss && rss > HardMemoryLimitOf(worker.Kind))
            {
                LogWorkerMemoryHard(worker.Name, rss, HardMemoryLimitOf(worker.Kind));
                Kill(worker, $"limit_memory_hard ({HardMemoryLimitOf(worker.Kind)} bytes) exceeded");
            }
        }
    }

    private int TimeoutOf(WorkerKind kind) => kind switch
    {
        WorkerKind.Http => _options.Limits.TimeReal,
        WorkerKind.Cron => _options.Limits.EffectiveTimeRealCron,
        _ => 0, // the longpolling worker holds idle connections for minutes by design
    };

    private long HardMemoryLimitOf(WorkerKind kind) =>
        kind == WorkerKind.LongPolling ? _options.Limits.EffectiveMemoryHardGevent : _options.Limits.MemoryHard;

    private void Kill(WorkerHandle worker, string reason)
    {
        worker.State = WorkerState.Retiring;
        worker.RetireReason = reason;
        worker.BusySince = null;
        worker.KillSent = true;
        worker.Process.Signal(ProcessSignal.Kill);
        _journal.Killed(worker, reason);
    }

    private void KillAll(string reason)
    {
        foreach (var worker in _workers)
        {
            Kill(worker, worker.RetireReason ?? reason);
        }
    }

    private int TargetOf(WorkerKind kind) => kind switch
    {
        WorkerKind.Http => _httpPopulation,
        // One evented process, as Odoo: it serves every long-poll and websocket of the machine.
        WorkerKind.LongPolling => _longPolling && _options.HttpEnable ? 1 : 0,
        WorkerKind.Cron => _options.MaxCronThreads,
        _ => 0,
    };

    private void KeepPopulation(DateTimeOffset now)
    {
        foreach (var kind in Enum.GetValues<WorkerKind>())
        {
            var backoff = BackoffFor(kind);
            while (Counted(kind) < TargetOf(kind) && backoff.Allows(now))
            {
                var worker = new WorkerHandle(_launcher.Start(kind, _generation, Post), kind, _generation, now);
                _workers.Add(worker);
                _journal.Started(worker);
            }
        }
    }

    /// <summary>Workers that count toward the population: the current generation, not retiring.</summary>
    private int Counted(WorkerKind kind) =>
        _workers.Count(w => w.Kind == kind && w.Generation == _generation && w.State != WorkerState.Retiring);

    private RespawnBackoff BackoffFor(WorkerKind kind)
    {
        if (!_backoff.TryGetValue(kind, out var backoff))
        {
            _backoff[kind] = backoff = new RespawnBackoff();
        }
        return backoff;
    }

    private void Reload()
    {
        try
        {
            var options = _reloadOptions();
            if (options.Workers < 1)
            {
                // workers = 0 means the threaded server, which this process cannot become; a population of 0 would
                // make the new generation complete at once and retire every worker, leaving the socket unserved.
                LogReloadRefused("workers = 0 selects the threaded server: it needs a restart");
                return;
            }
            if (options.HttpPort != _options.HttpPort || options.HttpInterface != _options.HttpInterface ||
                options.GeventPort != _options.GeventPort)
            {
                LogListenAddressNeedsRestart();
            }
            _options = options with { HttpPort = _options.HttpPort, HttpInterface = _options.HttpInterface, GeventPort = _options.GeventPort };
        }
        catch (Exception e)
        {
            LogReloadRefused(e.Message);
            return;
        }
        _generation++;
        _httpPopulation = _options.HttpEnable ? _options.Workers : 0;
        _populationChanged?.Invoke(_httpPopulation);
        LogReloading(_generation);
    }

    /// <summary>Zero-downtime reload: an older generation is told to stop only once the new one accepts, kind by kind.</summary>
    private void RetireOutgoingGeneration()
    {
        foreach (var kind in Enum.GetValues<WorkerKind>())
        {
            var outgoing = _workers.Where(w => w.Kind == kind && w.Generation < _generation && w.State != WorkerState.Retiring).ToArray();
            if (outgoing.Length == 0)
            {
                continue;
            }
            var readyNew = _workers.Count(w => w.Kind == kind && w.Generation == _generation && w.WasReady && w.State != WorkerState.Retiring);
            if (readyNew < TargetOf(kind))
            {
                continue;
            }
            foreach (var worker in outgoing)
            {
                Retire(worker, $"replaced by generation {_generation}");
            }
            LogGenerationRetired(kind.OdooName(), outgoing.Length, _generation);
        }
    }

    private void Retire(WorkerHandle worker, string reason)
    {
        worker.State = WorkerState.Retiring;
        worker.RetireReason = reason;
        _journal.Recycling(worker, reason);
        // SIGINT is Odoo's "finish the current request, then exit" for a worker.
        worker.Process.Signal(ProcessSignal.Int);
    }

    /// <summary>SIGTTOU: one HTTP worker fewer, and one worker really retired (Odoo only lowers the target).</summary>
    private void RemoveOneHttpWorker()
    {
        if (_httpPopulation <= 1)
        {
            LogPopulationUnchanged(_httpPopulation);
            return;
        }
        _httpPopulation--;
        LogPopulationChanged(_httpPopulation, "SIGTTOU");
        _populationChanged?.Invoke(_httpPopulation);
        ReadActivity();
        var candidates = _workers.Where(w => w.Kind == WorkerKind.Http && w.Generation == _generation && w.State != WorkerState.Retiring);
        // An idle worker goes first, then the youngest: the least work is interrupted.
        var victim = candidates.OrderBy(w => w.State == WorkerState.Idle ? 0 : 1).ThenByDescending(w => w.StartedAt).FirstOrDefault();
        if (victim is not null)
        {
            Retire(victim, "SIGTTOU");
        }
    }

    private void BeginStop(bool forceful = false)
    {
        if (_stopping)
        {
            return;
        }
        _stopping = true;
        var budget = _options.Limits.TimeReal;
        _stopDeadline = forceful ? _time.GetUtcNow() : budget > 0 ? _time.GetUtcNow().AddSeconds(budget) : null;
        if (forceful)
        {
            LogStoppingForcefully();
            KillAll("forced stop");
            _killSent = true;
            return;
        }
        LogStoppingGracefully();
        foreach (var worker in _workers)
        {
            Retire(worker, worker.RetireReason ?? "server stopping");
        }
    }

    private void FinishStop(DateTimeOffset now)
    {
        if (!_stopping)
        {
            return;
        }
        if (_workers.Count == 0)
        {
            _exitCode = _criticalExit ? ExitCodes.CriticalWorkerError : ExitCodes.Success;
            return;
        }
        if (_stopDeadline is { } deadline && now >= deadline && !_killSent)
        {
            LogStoppingForcefully();
            KillAll("limit_time_real reached while stopping");
            _killSent = true;
        }
    }
}
