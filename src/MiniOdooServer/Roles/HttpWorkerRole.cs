using System.Globalization;
using System.Net;
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
/// A prefork HTTP worker (<c>--role http</c>): adopts the master's socket, serves one request at a time and closes
/// each connection after its response, as Odoo's WorkerHTTP does — but a request takes the worker only once it has
/// fully arrived, so connections still sending theirs (up to http_pending_connections) hold nothing. SIGINT: finish the current request, then exit;
/// SIGTERM: exit now; SIGXCPU (limit_time_cpu): log and exit. Exits at once when its master is gone.
/// </summary>
internal sealed class HttpWorkerRole(WorkerEnvironment environment)
{
    /// <summary>Odoo's default for ODOO_HTTP_SOCKET_TIMEOUT: a client must send its request headers within 2 s.</summary>
    private const double DefaultSocketTimeout = 2;

    /// <summary>
    /// After a load the collector keeps what died in its older generations: once the worker is quiet and has grown
    /// this much since its last compaction, one compacting collection gives it back (bench/idle-footprint.sh -l).
    /// </summary>
    private const long IdleGrowth = 8L << 20;

    private static readonly TimeSpan CompactionCheck = TimeSpan.FromSeconds(1);

    public async Task<RoleOutcome> RunAsync(ServerOptions options, LoggingSession logging)
    {
        var log = logging.CreateLogger(LoggerNames.Server);
        if (WorkerBoot.InheritedSocket(environment, log, "HTTP worker") is not { } listenFd)
        {
            return RoleOutcome.Exit(ExitCodes.WorkerBootFailed);
        }
        var master = WorkerBoot.LinkToMaster(environment, logging);

        using var scoreboard = WorkerBoot.AttachScoreboard(environment, out var slot);
        // Idle, it proves it is alive all the same — while its thread pool still runs work: the master kills a worker
        // silent for limit_time_real.
        using var heartbeat = new WorkerHeartbeat(slot, TimeProvider.System, new ThreadPoolProbe().Answered);
        var requestSlot = new RequestSlot();
        // 0 pending connections is Odoo's own model: one connection, held from accept to response.
        var pending = Math.Min(Math.Max(options.HttpPendingConnections, 1), ConnectionCeiling.For(options.WorkerConnections));
        var admission = new ConnectionAdmission(pending, requestSlot);
        using var observer = new WorkerRequestObserver(master, slot, admission, options.Limits, log, TimeProvider.System);
        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = HttpApplicationFactory.Create(options, new HttpServerSettings
        {
            Listen = new ListenTarget.InheritedSocket(listenFd, $"inherited fd {listenFd}"),
            LoggerFactory = logging.Factory,
            AccessLog = logging.AccessLog,
            Admission = admission,
            Slot = requestSlot,
            CloseAfterResponse = true,
            SocketTimeout = SocketTimeout(),
            Observer = observer,
            Realtime = RealtimeFor(options),
            TrackInFlightRequests = false, // SIGQUIT shows the master's worker table instead
            Identity = ProcessIdentity.Current(ProcessIdentity.HttpWorkerRole, environment.Generation),
            Counters = new SlotRequestCounters(slot.Counters),
            Status = new ScoreboardStatusSource(scoreboard, TimeProvider.System),
        });
        using var signals = new SignalQueue(signal =>
        {
            switch (signal)
            {
                case ProcessSignal.Int:
                    admission.Close();
                    stopRequested.TrySetResult();
                    break;
                case ProcessSignal.Term:
                    WorkerBoot.ExitNow(logging, ExitCodes.Success);
                    break;
                case ProcessSignal.Xcpu:
                    log.LogError("Worker ({Pid}) CPU time limit ({Limit}) reached.", Environment.ProcessId, options.Limits.TimeCpu);
                    master.Send(new WorkerMessage.Exiting($"limit_time_cpu ({options.Limits.TimeCpu}s) reached"));
                    WorkerBoot.ExitNow(logging, ExitCodes.Failure);
                    break;
            }
        }, ProcessSignal.Int, ProcessSignal.Term, ProcessSignal.Xcpu);

        try
        {
            await app.StartAsync();
        }
        catch (Exception e)
        {
            log.LogCritical("Worker ({Pid}) could not start serving: {Reason}", Environment.ProcessId, e.Message);
            return RoleOutcome.Exit(ExitCodes.WorkerBootFailed);
        }
        log.LogInformation("Worker WorkerHTTP ({Pid}) alive", Environment.ProcessId);
        master.Send(new WorkerMessage.Ready());
        using var memory = ResidentMemoryProbe.OfCurrentProcess();
        var compactor = IdleHeapCompactor.ForCurrentProcess(memory.Read, IdleGrowth);
        using var compaction = TimeProvider.System.CreateTimer(_ => compactor.Tick(), null, CompactionCheck, CompactionCheck);

        await Task.WhenAny(stopRequested.Task, observer.Retiring);
        // Every admitted connection ends (one response each) before the host stops, so none is dropped.
        await Task.WhenAny(admission.Drained, Task.Delay(HttpApplicationFactory.GracefulStopTimeout(options)));
        await app.StopAsync();
        log.LogInformation("Worker ({Pid}) exiting. request_count: {Count}.", Environment.ProcessId, observer.Served);
        return RoleOutcome.Exit(ExitCodes.Success);
    }

    /// <summary>
    /// Long-polls and websockets reaching this worker go to the longpolling worker on gevent_port, reached over
    /// loopback when the server listens on every interface; with longpolling_handover = False they are refused.
    /// </summary>
    internal static RealtimeHosting RealtimeFor(ServerOptions options)
    {
        if (!options.Bus.Handover)
        {
            return new RealtimeHosting.Refuse(options.GeventPort);
        }
        var endPoint = ListenTarget.EndPointFor(options.HttpInterface, options.GeventPort);
        if (endPoint.Address.Equals(IPAddress.Any))
        {
            endPoint = new IPEndPoint(IPAddress.Loopback, options.GeventPort);
        }
        else if (endPoint.Address.Equals(IPAddress.IPv6Any))
        {
            endPoint = new IPEndPoint(IPAddress.IPv6Loopback, options.GeventPort);
        }
        return new RealtimeHosting.HandOver(endPoint);
    }

    private static TimeSpan SocketTimeout()
    {
        var text = Environment.GetEnvironmentVariable("ODOO_HTTP_SOCKET_TIMEOUT");
        return TimeSpan.FromSeconds(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : DefaultSocketTimeout);
    }
}
