using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Http.Transport;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Status;

namespace MiniOdooServer.Roles;

/// <summary>
/// The longpolling worker (<c>--role longpolling</c>), Odoo's evented process: adopts the master's gevent_port socket
/// and serves long-polls and websockets, thousands of idle connections at once (no one-request gate, no per-request
/// time limit). Every 4 s it checks its resident memory against limit_memory_soft_gevent and retires over it (the
/// master kills it over limit_memory_hard_gevent). SIGINT is a graceful stop that, unlike Odoo's, answers pending
/// long-polls and closes websockets with 1001 so that clients reconnect at once; SIGTERM exits now. Exits at once
/// when its master is gone. It beats in its slot like the other workers, but only while its thread pool answers
/// (<see cref="ThreadPoolProbe"/>); the master replaces it after limit_time_heartbeat_gevent of silence.
/// </summary>
internal sealed class LongPollingWorkerRole(WorkerEnvironment environment)
{
    /// <summary>Odoo's memory watchdog period for the evented process.</summary>
    private static readonly TimeSpan MemoryCheckInterval = TimeSpan.FromSeconds(4);

    public async Task<RoleOutcome> RunAsync(ServerOptions options, LoggingSession logging)
    {
        var log = logging.CreateLogger(LoggerNames.Server);
        if (WorkerBoot.InheritedSocket(environment, log, "Longpolling worker") is not { } listenFd)
        {
            return RoleOutcome.Exit(ExitCodes.WorkerBootFailed);
        }
        var master = WorkerBoot.LinkToMaster(environment, logging);

        // Its slot has no one-request state to record, only counters and usage (SlotUsagePublisher).
        using var scoreboard = WorkerBoot.AttachScoreboard(environment, out var slot);
        // Its requests are unbounded (50 s long-polls, hour-long websockets): the heartbeat is the master's only proof
        // that it still serves. Its bus store calls (ThreadPoolBusStore) and most continuations run on the thread pool,
        // so a pool that no longer runs ordinary work serves nothing. Its accept loop cannot end while the host runs:
        // it waits out a shortage of descriptors and tries again (InheritedSocketListener).
        var threadPool = new ThreadPoolProbe();
        using var heartbeat = new WorkerHeartbeat(slot, TimeProvider.System, threadPool.Answered);
        // Thousands of idle connections, but never more than its descriptors allow: the excess is refused at once.
        var admission = new ConnectionAdmission(ConnectionCeiling.For(options.WorkerConnections));
        var stopRequested = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = HttpApplicationFactory.Create(options, new HttpServerSettings
        {
            Listen = new ListenTarget.InheritedSocket(listenFd, $"inherited fd {listenFd}"),
            LoggerFactory = logging.Factory,
            AccessLog = logging.AccessLog,
            Admission = admission,
            Realtime = new RealtimeHosting.Local(),
            // A broadcast's thousands of answers are sent as they are written, not queued behind one another.
            InlineSocketScheduling = true,
            TrackInFlightRequests = false, // SIGQUIT shows the master's worker table instead
            Identity = ProcessIdentity.Current(ProcessIdentity.LongPollingRole, environment.Generation),
            Counters = new SlotRequestCounters(slot.Counters),
            Status = new ScoreboardStatusSource(scoreboard, TimeProvider.System),
        });
        using var usage = new SlotUsagePublisher(slot, () => admission.OpenConnections, TimeProvider.System);
        using var signals = new SignalQueue(signal =>
        {
            switch (signal)
            {
                case ProcessSignal.Int:
                    stopRequested.TrySetResult("stop requested");
                    break;
                case ProcessSignal.Term:
                    WorkerBoot.ExitNow(logging, ExitCodes.Success);
                    break;
            }
        }, ProcessSignal.Int, ProcessSignal.Term);

        try
        {
            await app.StartAsync();
        }
        catch (Exception e)
        {
            log.LogCritical("Worker ({Pid}) could not start serving: {Reason}", Environment.ProcessId, e.Message);
            return RoleOutcome.Exit(ExitCodes.WorkerBootFailed);
        }
        log.LogInformation("Worker WorkerLongPolling ({Pid}) alive", Environment.ProcessId);
        master.Send(new WorkerMessage.Ready());

        using var watchdog = new CancellationTokenSource();
        var memoryWatch = WatchMemoryAsync(options.Limits.EffectiveMemorySoftGevent, master, log, stopRequested, watchdog.Token);
        await stopRequested.Task;
        await watchdog.CancelAsync();
        await memoryWatch;
        // Stop accepting first, then stop the host: its stopping event ends every long-poll and websocket (1001).
        admission.Close();
        await app.StopAsync();
        log.LogInformation("Worker ({Pid}) exiting.", Environment.ProcessId);
        return RoleOutcome.Exit(ExitCodes.Success);
    }

    private static async Task WatchMemoryAsync(
        long softLimit, MasterLink master, ILogger log, TaskCompletionSource<string> stop, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(MemoryCheckInterval);
        using var memory = ResidentMemoryProbe.OfCurrentProcess();
        var compactor = IdleHeapCompactor.ForCurrentProcess(memory.Read);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // A burst's garbage goes back to the system once the worker is quiet, before the limit is checked.
                compactor.Tick();
                var rss = memory.Read();
                if (rss > softLimit)
                {
                    // Odoo's line ("Gevent virtual memory limit reached") names what it measures; mini-odoo's limit
                    // is on resident memory, and the line says so.
                    log.LogWarning("Gevent resident memory limit reached: {Rss} bytes (limit_memory_soft_gevent {Limit})", rss, softLimit);
                    master.Send(new WorkerMessage.Exiting("limit_memory_soft_gevent"));
                    stop.TrySetResult("limit_memory_soft_gevent");
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
