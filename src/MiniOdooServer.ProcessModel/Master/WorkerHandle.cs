using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// One child as the master sees it: its process, kind, generation, state and what it is doing. Its state changes
/// only through the transitions below, each called by one of the master's collaborators (ready and boot failure by
/// <see cref="WorkerSpawner"/>, retire and kill by <see cref="WorkerRetirement"/>, the slot and the exit by
/// <see cref="WorkerRoster"/>):
/// <code>
/// Booting ──Ready──▶ Idle ⇄ Busy        (as its scoreboard slot says)
/// Booting, Idle, Busy, Retiring ──Retire / Kill──▶ Retiring
/// any but Exited ──reaped──▶ Exited
/// </code>
/// Nothing happens to an exited worker; its boot fails at most once, and only if it was never ready.
/// </summary>
public sealed class WorkerHandle(IWorkerProcess process, WorkerKind kind, int generation, DateTimeOffset startedAt)
{
    public IWorkerProcess Process { get; } = process;

    public int Pid => Process.Pid;

    public WorkerKind Kind { get; } = kind;

    public int Generation { get; } = generation;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public WorkerState State { get; private set; } = WorkerState.Booting;

    /// <summary>True once the worker said it accepts; a death before that is a boot failure.</summary>
    public bool WasReady { get; private set; }

    /// <summary>Its boot failed (it died or timed out before it was ready) and the back-off has counted it.</summary>
    public bool BootFailed { get; private set; }

    /// <summary>When the current request began, on the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long? BusySince { get; private set; }

    /// <summary>The worker's last heartbeat, on the monotonic clock; null before its first.</summary>
    public long? LastBeat { get; private set; }

    public string? CurrentRequest { get; private set; }

    public long Served { get; private set; }

    /// <summary>The slot as last read (memory, CPU time), for the worker table.</summary>
    public WorkerActivity? LastActivity { get; private set; }

    /// <summary>SIGKILL was sent: it only has to be reaped now.</summary>
    public bool KillSent { get; private set; }

    /// <summary>Why it is retiring or was killed, for the exit log line.</summary>
    public string? RetireReason { get; private set; }

    /// <summary>Odoo's name for it in log lines: <c>WorkerHTTP (1234)</c>.</summary>
    public string Name => $"{Kind.OdooName()} ({Pid})";

    /// <summary>
    /// The worker said it accepts. A retiring one stays retiring; a second ready changes nothing (the message comes
    /// from the worker, which must not be able to stop the master).
    /// </summary>
    internal void Ready()
    {
        EnsureLive(nameof(Ready));
        WasReady = true;
        if (State == WorkerState.Booting)
        {
            State = WorkerState.Idle;
        }
    }

    /// <summary>Its boot failed: it did not get ready in time, or it exited before (hence allowed once exited).</summary>
    internal void FailBoot()
    {
        if (WasReady || BootFailed)
        {
            throw new InvalidOperationException($"{Name}: a boot fails once, before ready (state {State}, ready {WasReady}, failed {BootFailed})");
        }
        BootFailed = true;
    }

    /// <summary>
    /// Copies what the worker last wrote in its scoreboard slot, the watchdog's heartbeat; an accepting worker is
    /// idle or busy as its slot says. A killed worker's slot still shows the request it was killed for: it is not
    /// read again, or the watchdog would kill it twice.
    /// </summary>
    internal void ReadActivity()
    {
        EnsureLive(nameof(ReadActivity));
        if (KillSent)
        {
            return;
        }
        var activity = Process.ReadActivity();
        LastActivity = activity;
        Served = activity.Served;
        BusySince = activity.RequestStartedTimestamp;
        LastBeat = activity.HeartbeatTimestamp > 0 ? activity.HeartbeatTimestamp : null;
        CurrentRequest = activity.CurrentRequest;
        if (State is WorkerState.Idle or WorkerState.Busy)
        {
            State = activity.State == WorkerSlotState.Busy ? WorkerState.Busy : WorkerState.Idle;
        }
    }

    /// <summary>It stops counting in the population: told to go, or going by itself, for <paramref name="reason"/>.</summary>
    internal void Retire(string reason)
    {
        EnsureLive(nameof(Retire));
        State = WorkerState.Retiring;
        RetireReason = reason;
    }

    /// <summary>SIGKILL is sent to it: retiring, its request over, only to be reaped.</summary>
    internal void Kill(string reason)
    {
        Retire(reason);
        BusySince = null;
        KillSent = true;
    }

    /// <summary>It was reaped.</summary>
    internal void Exited()
    {
        EnsureLive(nameof(Exited));
        State = WorkerState.Exited;
    }

    private void EnsureLive(string transition)
    {
        if (State == WorkerState.Exited)
        {
            throw new InvalidOperationException($"{Name} has exited: no {transition} after that");
        }
    }
}
