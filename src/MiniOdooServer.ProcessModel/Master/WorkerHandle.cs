using MiniOdooServer.ProcessModel.Status;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>One child as the master sees it: its process, kind, generation, state and what it is doing.</summary>
public sealed class WorkerHandle(IWorkerProcess process, WorkerKind kind, int generation, DateTimeOffset startedAt)
{
    public IWorkerProcess Process { get; } = process;

    public int Pid => Process.Pid;

    public WorkerKind Kind { get; } = kind;

    public int Generation { get; } = generation;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public WorkerState State { get; set; } = WorkerState.Booting;

    /// <summary>True once the worker said it accepts; a death before that is a boot failure.</summary>
    public bool WasReady { get; set; }

    /// <summary>When the current request began, on the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long? BusySince { get; set; }

    /// <summary>The worker's last heartbeat, on the monotonic clock; null before its first.</summary>
    public long? LastBeat { get; set; }

    public string? CurrentRequest { get; set; }

    public long Served { get; set; }

    /// <summary>The slot as last read (memory, CPU time), for the worker table.</summary>
    public WorkerActivity? LastActivity { get; set; }

    /// <summary>SIGKILL was sent: it only has to be reaped now.</summary>
    public bool KillSent { get; set; }

    /// <summary>Why it is retiring or was killed, for the exit log line.</summary>
    public string? RetireReason { get; set; }

    /// <summary>Odoo's name for it in log lines: <c>WorkerHTTP (1234)</c>.</summary>
    public string Name => $"{Kind.OdooName()} ({Pid})";
}
