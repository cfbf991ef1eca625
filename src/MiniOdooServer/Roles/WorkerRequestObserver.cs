using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Http.Transport;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Status;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>
/// Where a prefork HTTP worker's limits meet its requests: records each request in the worker's scoreboard slot
/// (the master's watchdog reads it), arms limit_time_cpu around each request, and after each one checks
/// limit_request and limit_memory_soft; over either, the worker stops accepting at once and retires after this response.
/// Both limits are kept cheaply (<see cref="CpuTimeLimit"/>'s idle timer, <see cref="ResidentMemoryWatch"/>): a
/// request to /web/health is only a few times their cost.
/// </summary>
internal sealed class WorkerRequestObserver(
    MasterLink master, WorkerSlot slot, ConnectionAdmission admission, LimitOptions limits, ILogger log, TimeProvider time)
    : IRequestObserver, IDisposable
{
    private readonly RequestBudget _budget = new(limits.Request, Random.Shared);
    private readonly CpuTimeLimit _cpu = new(limits.TimeCpu, time);
    private readonly ResidentMemoryWatch _memory = ResidentMemoryWatch.OfCurrentProcess();
    private readonly TaskCompletionSource<string> _retire = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _served;

    /// <summary>Completes with the reason once the worker should retire.</summary>
    public Task<string> Retiring => _retire.Task;

    public long Served => Interlocked.Read(ref _served);

    public void RequestStarted(HttpContext context)
    {
        _cpu.Arm();
        slot.BeginRequest(time.GetTimestamp(), time.GetUtcNow(), context.Request.Method, context.Request.Path.Value ?? "/");
    }

    public void RequestFinished(HttpContext context)
    {
        _cpu.Disarm();
        var served = Interlocked.Increment(ref _served);
        var rss = _memory.AfterRequest();
        slot.EndRequest(served, rss, _cpu.UsedAtLastArm);
        if (_budget.IsSpent(served))
        {
            Retire($"Worker ({Environment.ProcessId}) max request ({_budget.Limit}) reached.", "limit_request");
        }
        else if (rss > limits.MemorySoft)
        {
            Retire($"Worker ({Environment.ProcessId}) resident memory limit ({limits.MemorySoft}) reached: {rss} bytes.", "limit_memory_soft");
        }
    }

    /// <summary>Stops accepting now (this connection still holds the only slot), then lets the worker exit.</summary>
    public void Retire(string logLine, string reason)
    {
        admission.Close();
        if (_retire.TrySetResult(reason))
        {
            slot.SetState(WorkerSlotState.Exiting);
            log.LogInformation("{Line}", logLine);
            master.Send(new WorkerMessage.Exiting(reason));
        }
    }

    public void Dispose()
    {
        _cpu.Dispose();
        _memory.Dispose();
    }
}
