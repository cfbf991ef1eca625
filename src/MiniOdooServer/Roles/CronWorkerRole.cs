using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Cron;
using MiniOdooServer.App.Http;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>
/// A prefork cron worker (<c>--role cron</c>), Odoo's WorkerCron: no socket, one <see cref="CronRunner"/> that claims
/// due jobs from the store. The master enforces limit_time_real_cron from the scoreboard (the job is the slot's
/// request) and kills the worker; limit_time_cpu, limit_request and limit_memory_soft apply around each job as around
/// a request; past limit_time_worker_cron the worker retires after its job. Jobs are never aborted from here: a stop
/// lets the job finish, the master's stop deadline kills past it.
/// </summary>
internal sealed class CronWorkerRole(ServerOptions options, LoggingSession logging) : IWorkerRole
{
    private IBusStore? _bus;
    private ICronStore? _store;
    private HttpClient? _http;
    private CronService? _service;
    private ITimer? _maxAge;

    public WorkerKind Kind => WorkerKind.Cron;

    public string? SocketUser => null;

    public void Prepare(WorkerContext worker)
    {
        var log = logging.CreateLogger(LoggerNames.Server);
        var cronLog = logging.CreateLogger(LoggerNames.Cron);
        LowerPriority(log, worker.ProcessId);
        _bus = BusStoreFactory.Create(options, worker.Time, logging.CreateLogger(LoggerNames.Bus));
        _store = CronStoreFactory.Create(options, worker.Time, cronLog);
        _http = new HttpClient();
        var executor = new CronJobExecutor(_bus, options, ProcessIdentity.Current("cron", worker.Environment.Generation), _http, worker.Time, cronLog);
        // No in-process time limit: the master's watchdog kills this worker at limit_time_real_cron.
        var runner = new CronRunner(
            CronJobSelection.Runnable(options), _store, executor, new WorkerLimitsObserver(worker), timeLimit: null, worker.Time,
            Random.Shared.NextDouble, cronLog);
        _service = new CronService([runner], _store, cronLog);
        if (options.Limits.TimeWorkerCron > 0)
        {
            _maxAge = worker.Time.CreateTimer(
                _ => worker.Retire(new RetireReason("limit_time_worker_cron",
                    $"WorkerCron ({worker.ProcessId}) max age ({options.Limits.TimeWorkerCron}s) reached.")),
                null, TimeSpan.FromSeconds(options.Limits.TimeWorkerCron), Timeout.InfiniteTimeSpan);
        }
    }

    public Task StartAsync() => Task.CompletedTask;

    public Task ServeAsync(WorkerContext worker) =>
        (_service ?? throw new InvalidOperationException("Prepare first.")).RunAsync(worker.LeavingToken, CancellationToken.None);

    /// <summary>The runner takes no job once the worker leaves: nothing to do at once.</summary>
    public void StopAccepting()
    {
    }

    /// <summary>The running job has finished when serving returns.</summary>
    public Task DrainAsync() => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _maxAge?.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }
        _http?.Dispose();
    }

    /// <summary>Odoo's <c>os.nice(10)</c>: scheduled jobs yield the CPU to requests (on Linux, BelowNormal is nice 10).</summary>
    private static void LowerPriority(ILogger log, int processId)
    {
        try
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            self.PriorityClass = System.Diagnostics.ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or PlatformNotSupportedException or InvalidOperationException)
        {
            log.LogWarning("Worker ({Pid}) keeps its priority: {Reason}", processId, e.Message);
        }
    }
}
