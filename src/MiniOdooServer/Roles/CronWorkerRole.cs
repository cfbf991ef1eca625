using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Cron;
using MiniOdooServer.App.Http;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>
/// A prefork cron worker (<c>--role cron</c>), Odoo's WorkerCron: no socket, one <see cref="CronRunner"/> that claims
/// due jobs from the store. The master enforces limit_time_real_cron from the scoreboard (the job is the slot's
/// request) and kills the worker; limit_time_cpu, limit_request and limit_memory_soft apply around each job as around
/// a request; past limit_time_worker_cron the worker retires after its job. SIGINT: finish the job, then exit;
/// SIGTERM: exit now. Exits at once when its master is gone.
/// </summary>
internal sealed class CronWorkerRole(WorkerEnvironment environment)
{
    public async Task<RoleOutcome> RunAsync(ServerOptions options, LoggingSession logging)
    {
        var log = logging.CreateLogger(LoggerNames.Server);
        var cronLog = logging.CreateLogger(LoggerNames.Cron);
        var time = TimeProvider.System;
        var master = WorkerBoot.LinkToMaster(environment, logging);
        LowerPriority(log);

        using var scoreboard = WorkerBoot.AttachScoreboard(environment, out var slot);
        // Idle, it proves it is alive all the same: the master kills a worker silent for limit_time_real.
        using var heartbeat = new WorkerHeartbeat(slot, TimeProvider.System, new ThreadPoolProbe().Answered);
        using var stop = new CancellationTokenSource();
        using var observer = new CronWorkerObserver(master, slot, options.Limits, log, time, () => stop.Cancel());
        using var signals = new SignalQueue(signal =>
        {
            switch (signal)
            {
                case ProcessSignal.Int:
                    stop.Cancel();
                    break;
                case ProcessSignal.Term:
                    WorkerBoot.ExitNow(logging, ExitCodes.Success);
                    break;
                case ProcessSignal.Xcpu:
                    log.LogError("Worker ({Pid}) CPU time limit ({Limit}) reached during cron job {Job}.",
                        Environment.ProcessId, options.Limits.TimeCpu, observer.CurrentJob ?? "-");
                    master.Send(new WorkerMessage.Exiting($"limit_time_cpu ({options.Limits.TimeCpu}s) reached during CRON {observer.CurrentJob}"));
                    WorkerBoot.ExitNow(logging, ExitCodes.Failure);
                    break;
            }
        }, ProcessSignal.Int, ProcessSignal.Term, ProcessSignal.Xcpu);

        await using var bus = BusStoreFactory.Create(options, time, logging.CreateLogger(LoggerNames.Bus));
        await using var store = CronStoreFactory.Create(options, time, cronLog);
        using var http = new HttpClient();
        var executor = new CronJobExecutor(bus, options, ProcessIdentity.Current("cron", environment.Generation), http, time, cronLog);
        // No in-process time limit: the master's watchdog kills this worker at limit_time_real_cron.
        var runner = new CronRunner(CronJobSelection.Runnable(options), store, executor, observer, timeLimit: null, time, Random.Shared.NextDouble, cronLog);
        var service = new CronService([runner], store, cronLog);

        using var maxAge = options.Limits.TimeWorkerCron > 0
            ? new CancellationTokenSource(TimeSpan.FromSeconds(options.Limits.TimeWorkerCron), time)
            : new CancellationTokenSource();
        using var _ = maxAge.Token.Register(() => observer.Retire(
            $"WorkerCron ({Environment.ProcessId}) max age ({options.Limits.TimeWorkerCron}s) reached.", "limit_time_worker_cron"));

        log.LogInformation("Worker WorkerCron ({Pid}) alive", Environment.ProcessId);
        master.Send(new WorkerMessage.Ready());
        // Jobs are never aborted from here: a stop lets the job finish, the master's stop deadline kills past it.
        await service.RunAsync(stop.Token, CancellationToken.None);
        log.LogInformation("Worker ({Pid}) exiting. request_count: {Count}.", Environment.ProcessId, observer.Runs);
        return RoleOutcome.Exit(ExitCodes.Success);
    }

    /// <summary>Odoo's <c>os.nice(10)</c>: scheduled jobs yield the CPU to requests (on Linux, BelowNormal is nice 10).</summary>
    private static void LowerPriority(ILogger log)
    {
        try
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            self.PriorityClass = System.Diagnostics.ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or PlatformNotSupportedException or InvalidOperationException)
        {
            log.LogWarning("Worker ({Pid}) keeps its priority: {Reason}", Environment.ProcessId, e.Message);
        }
    }
}
