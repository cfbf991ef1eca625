using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Scoreboards;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// A worker's own limits, checked as Odoo's <c>Worker.process_limit()</c> checks them, for every kind of worker: each
/// request or cron job (<see cref="Begin"/>) is recorded in the worker's scoreboard slot, where the master's watchdog
/// reads it, and runs under limit_time_cpu; after it (<see cref="End"/>) limit_request and the soft memory limit are
/// checked. The longpolling worker's requests are unbounded: it checks only its memory, on a timer (<see cref="Check"/>).
/// An HTTP worker's limits are kept cheaply (<see cref="CpuTimeLimit"/>'s idle timer, <see cref="ResidentMemoryWatch"/>);
/// a cron worker's jobs are rare, and each one is measured exactly.
/// </summary>
public sealed class WorkerLimits : IDisposable
{
    private readonly WorkerKind _kind;
    private readonly WorkerSlot _slot;
    private readonly TimeProvider _time;
    private readonly int _processId;
    private readonly RequestBudget? _budget;
    private readonly CpuTimeLimit? _cpu;
    private readonly Func<long> _resident;
    private readonly long _softMemory;
    private readonly IDisposable? _resources;
    private long _served;

    internal WorkerLimits(
        WorkerKind kind, LimitOptions limits, WorkerSlot slot, TimeProvider time, int processId, Random random,
        CpuTimeLimit? cpu, Func<long> resident, IDisposable? resources = null)
    {
        _kind = kind;
        _slot = slot;
        _time = time;
        _processId = processId;
        _budget = kind == WorkerKind.LongPolling ? null : new RequestBudget(limits.Request, random);
        _cpu = cpu;
        _resident = resident;
        _softMemory = MemoryLimits.Soft(kind, limits);
        _resources = resources;
    }

    /// <summary>The limits of a <paramref name="kind"/> worker running in this process.</summary>
    public static WorkerLimits ForCurrentProcess(WorkerKind kind, LimitOptions limits, WorkerSlot slot, TimeProvider time)
    {
        if (kind == WorkerKind.Http)
        {
            var watch = ResidentMemoryWatch.OfCurrentProcess();
            return new WorkerLimits(kind, limits, slot, time, Environment.ProcessId, Random.Shared,
                new CpuTimeLimit(limits.TimeCpu, time), watch.AfterRequest, watch);
        }
        var probe = ResidentMemoryProbe.OfCurrentProcess();
        var cpu = kind == WorkerKind.Cron ? new CpuTimeLimit(limits.TimeCpu) : null;
        return new WorkerLimits(kind, limits, slot, time, Environment.ProcessId, Random.Shared, cpu, probe.Read, probe);
    }

    /// <summary>Whether limit_time_cpu binds this worker (SIGXCPU then means it was reached).</summary>
    public bool LimitsCpu => _cpu is not null;

    /// <summary>Whether this worker counts its requests against limit_request.</summary>
    public bool CountsRequests => _budget is not null;

    /// <summary>Requests (or cron jobs) finished.</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>The request's path or the cron job running now; null between them.</summary>
    public string? Current { get; private set; }

    /// <summary>Before a request (<paramref name="method"/> and its path) or a cron job (<c>CRON</c> and its name).</summary>
    public void Begin(string method, string target)
    {
        Current = target;
        _cpu?.Arm();
        _slot.BeginRequest(_time.GetTimestamp(), _time.GetUtcNow(), method, target);
    }

    /// <summary>After a request or a cron job: why the worker must retire now, or null.</summary>
    public RetireReason? End()
    {
        _cpu?.Disarm();
        var target = Current;
        Current = null;
        var served = Interlocked.Increment(ref _served);
        var rss = _resident();
        _slot.EndRequest(served, rss, _cpu?.UsedAtLastArm ?? TimeSpan.Zero);
        if (_budget is not null && _budget.IsSpent(served))
        {
            return new RetireReason("limit_request", $"Worker ({_processId}) max request ({_budget.Limit}) reached.");
        }
        if (rss > _softMemory)
        {
            var after = _kind == WorkerKind.Cron ? $" after job {target}" : "";
            return new RetireReason("limit_memory_soft",
                $"Worker ({_processId}) resident memory limit ({_softMemory}) reached{after}: {rss} bytes.");
        }
        return null;
    }

    /// <summary>Between requests, on a timer: the longpolling worker's memory check.</summary>
    public RetireReason? Check()
    {
        var rss = _resident();
        // Odoo's line ("Gevent virtual memory limit reached") names what it measures; mini-odoo's limit is on
        // resident memory, and the line says so.
        return rss > _softMemory
            ? new RetireReason("limit_memory_soft_gevent",
                $"Gevent resident memory limit reached: {rss} bytes (limit_memory_soft_gevent {_softMemory})", LogLevel.Warning)
            : null;
    }

    /// <summary>SIGXCPU: the kernel says the current request or job reached limit_time_cpu.</summary>
    public RetireReason CpuTimeReached()
    {
        var seconds = _cpu?.Seconds ?? 0;
        return _kind == WorkerKind.Cron
            ? new RetireReason($"limit_time_cpu ({seconds}s) reached during CRON {Current}",
                $"Worker ({_processId}) CPU time limit ({seconds}) reached during cron job {Current ?? "-"}.", LogLevel.Error)
            : new RetireReason($"limit_time_cpu ({seconds}s) reached",
                $"Worker ({_processId}) CPU time limit ({seconds}) reached.", LogLevel.Error);
    }

    public void Dispose()
    {
        _cpu?.Dispose();
        _resources?.Dispose();
    }
}
