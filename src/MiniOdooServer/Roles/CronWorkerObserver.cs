using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Cron;
using MiniOdooServer.Configuration.Cron;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Status;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>
/// Where a cron worker's limits meet its jobs, as <see cref="WorkerRequestObserver"/> for requests: each job shows in
/// the scoreboard slot as <c>CRON &lt;job&gt;</c> (the master's watchdog kills the worker past limit_time_real_cron
/// and names the job), limit_time_cpu is armed around it, and after it limit_request and limit_memory_soft are
/// checked; over either, the worker retires.
/// </summary>
internal sealed class CronWorkerObserver(MasterLink master, WorkerSlot slot, LimitOptions limits, ILogger log, TimeProvider time, Action stop)
    : ICronRunObserver, IDisposable
{
    public const string SlotMethod = "CRON";

    private readonly RequestBudget _budget = new(limits.Request, Random.Shared);
    private readonly CpuTimeLimit _cpu = new(limits.TimeCpu);
    private readonly ResidentMemoryProbe _memory = ResidentMemoryProbe.OfCurrentProcess();
    private long _runs;
    private int _retiring;

    /// <summary>The job running now, for the SIGXCPU log line; null between jobs.</summary>
    public string? CurrentJob { get; private set; }

    public long Runs => Interlocked.Read(ref _runs);

    public void JobStarted(CronJobDefinition job, CronClaim claim)
    {
        CurrentJob = job.Name;
        _cpu.Arm();
        slot.BeginRequest(time.GetTimestamp(), time.GetUtcNow(), SlotMethod, job.Name);
    }

    public void JobFinished(CronJobDefinition job, CronJobOutcome outcome)
    {
        _cpu.Disarm();
        CurrentJob = null;
        var runs = Interlocked.Increment(ref _runs);
        var rss = _memory.Read();
        slot.EndRequest(runs, rss, _cpu.UsedAtLastArm);
        if (_budget.IsSpent(runs))
        {
            Retire($"Worker ({Environment.ProcessId}) max request ({_budget.Limit}) reached.", "limit_request");
        }
        else if (rss > limits.MemorySoft)
        {
            Retire($"Worker ({Environment.ProcessId}) resident memory limit ({limits.MemorySoft}) reached after job {job.Name}: {rss} bytes.", "limit_memory_soft");
        }
    }

    /// <summary>Tells the master (it starts a replacement now) and stops taking jobs; the running one finishes.</summary>
    public void Retire(string logLine, string reason)
    {
        if (Interlocked.Exchange(ref _retiring, 1) != 0)
        {
            return;
        }
        slot.SetState(WorkerSlotState.Exiting);
        log.LogInformation("{Line}", logLine);
        master.Send(new WorkerMessage.Exiting(reason));
        stop();
    }

    public void Dispose()
    {
        _cpu.Dispose();
        _memory.Dispose();
    }
}
