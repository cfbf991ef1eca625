using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Http.Transport;
using MiniOdooServer.App.Monitoring;
using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Roles;
using MiniOdooServer.ScoreboardBridge;
using MiniOdooServer.Systemd;

namespace MiniOdooServer.Threaded;

/// <summary>
/// <c>workers = 0</c>: Odoo's ThreadedServer. One process serves HTTP on the thread pool and runs max_cron_threads
/// cron runners (<see cref="ThreadedCron"/>); <c>--no-http</c> runs the cron runners alone. SIGINT/SIGTERM stop
/// gracefully (a second one forces), SIGHUP drains the server and executes the program again in place (same pid,
/// configuration re-read), as Odoo does; SIGQUIT logs what every in-flight request is doing.
/// </summary>
internal sealed class ThreadedServer(ServerInvocation invocation)
{
    public async Task<RoleOutcome> RunAsync(ServerOptions options, LoggingSession logging)
    {
        using var signals = new SignalQueue(ProcessSignal.Int, ProcessSignal.Term, ProcessSignal.Hup, ProcessSignal.Quit, ProcessSignal.Usr1, ProcessSignal.Usr2);
        var log = logging.CreateLogger(LoggerNames.Server);
        var activation = SocketActivation.FromEnvironment(
            Environment.GetEnvironmentVariable, name => Environment.SetEnvironmentVariable(name, null), Environment.ProcessId);
        if (activation.Active)
        {
            // Its reload executes the program again, which would have to be handed the descriptors anew; the
            // deployments that use socket units run prefork.
            activation.CloseUnclaimed();
            log.LogCritical("Socket activation needs a prefork server (workers >= 1): the threaded server binds its own port");
            return RoleOutcome.Exit(ExitCodes.Failure);
        }
        // The same view as a prefork server's, over a board of one slot: the status routes, /metrics and
        // `mini-odoo status` work alike. Not inherited: SIGHUP executes this program again, which makes its own.
        using var board = Scoreboard.Create();
        var slot = board[board.Claim()!.Value];
        slot.Assign(WorkerKind.Threaded, 0, TimeProvider.System.GetUtcNow());
        slot.Ready(Environment.ProcessId);
        using var observer = new ThreadedSlotObserver(slot, TimeProvider.System);
        // --no-http: a cron-only node, nothing bound. The socket is bound here rather than by Kestrel so that the
        // accept loop is mini-odoo's own, which outlives a shortage of descriptors (Kestrel's stops for good).
        var address = ListenTarget.EndPointFor(options.HttpInterface, options.HttpPort);
        ListenSocket? listen = null;
        if (options.HttpEnable)
        {
            try
            {
                listen = ListenSocket.Bind(address, ListenBacklogReport.Effective(options, log), inheritable: false);
            }
            catch (SocketException e)
            {
                log.LogCritical("HTTP service cannot listen on {Address}: {Reason}", address, e.Message);
                return RoleOutcome.Exit(ExitCodes.Failure);
            }
        }
        using var _ = listen;
        var status = new ScoreboardStatusSource(board, TimeProvider.System,
            () => listen?.ReadQueue() is { } queue ? new ListenQueue(queue.Depth, queue.Backlog) : null);
        await using var app = listen is not null
            ? HttpApplicationFactory.Create(options, Settings(options, logging, listen) with
            {
                Observer = observer,
                Counters = new SlotRequestCounters(slot.Counters),
                Status = status,
            })
            : null;
        if (app is not null)
        {
            await app.StartAsync();
            log.LogInformation("HTTP service (kestrel) running on {Address}", address);
        }
        else
        {
            log.LogInformation("HTTP service disabled (http_enable = False): running cron only");
        }
        await using var cron = ThreadedCron.Start(options, logging);
        var serviceManager = SystemdServiceManager.FromEnvironment(forget: false);
        serviceManager.Notify(ServiceNotifications.Ready(app is not null ? $"threaded server on {address}" : "cron only"));
        await using var watchdog = ServiceWatchdog.Start(serviceManager);

        await foreach (var signal in signals.Reader.ReadAllAsync())
        {
            switch (signal)
            {
                case ProcessSignal.Int or ProcessSignal.Term:
                    log.LogInformation("Initiating shutdown");
                    log.LogInformation("Hit CTRL-C again or send a second signal to force the shutdown.");
                    serviceManager.Notify(ServiceNotifications.Stopping);
                    await StopAsync(app, listen, cron, options, signals, log);
                    return RoleOutcome.Exit(ExitCodes.Success);
                case ProcessSignal.Hup:
                    // Check the new configuration before letting go of a working server.
                    try
                    {
                        invocation.Reload();
                    }
                    catch (ConfigurationError e)
                    {
                        // One log line: the problems follow the words that say the reload was refused.
                        log.LogError("Reload refused, the server keeps its configuration: {Problems}", string.Join("; ", e.Problems));
                        continue;
                    }
                    log.LogInformation("Initiating server reload");
                    serviceManager.Notify(ServiceNotifications.Reloading(TimeProvider.System));
                    await StopAsync(app, listen, cron, options, signals, log);
                    return RoleOutcome.ExecuteAgain;
                case ProcessSignal.Quit:
                    LogInFlightRequests(app, cron, log);
                    LogTable(status, log);
                    break;
                case ProcessSignal.Usr1:
                    LogTable(status, log);
                    break;
                case ProcessSignal.Usr2:
                    // Its default action would end the process: say why nothing happens instead.
                    log.LogWarning("SIGUSR2 (binary upgrade) needs a prefork server (workers >= 1); SIGHUP executes the binary on disk again in place");
                    break;
            }
        }
        return RoleOutcome.Exit(ExitCodes.Success);
    }

    /// <summary>
    /// Stops accepting and taking cron jobs, and waits for in-flight requests and running jobs (bounded by
    /// limit_time_real); another INT/TERM forces it.
    /// </summary>
    private static async Task StopAsync(
        HttpApplication? app, ListenSocket? listen, ThreadedCron? cron, ServerOptions options, SignalQueue signals, ILogger log)
    {
        using var force = new CancellationTokenSource();
        var grace = HttpApplicationFactory.GracefulStopTimeout(options);
        var stopping = Task.WhenAll(
            app?.StopAsync(force.Token) ?? Task.CompletedTask,
            cron?.StopAsync(grace) ?? Task.CompletedTask);
        // The socket is this process's own: closed now, new connections are refused while in-flight requests finish
        // (the accept loop, stopped by the host, never closes a socket it may share).
        listen?.Dispose();
        while (!stopping.IsCompleted)
        {
            // Wait without taking a signal, so that none is lost to this loop once the stop has completed.
            var signalWaiting = signals.Reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(stopping, signalWaiting) == signalWaiting &&
                signals.Reader.TryRead(out var signal) && signal is ProcessSignal.Int or ProcessSignal.Term)
            {
                log.LogWarning("Forced shutdown.");
                await force.CancelAsync();
                cron?.Abort();
            }
        }
        await stopping;
    }

    private static void LogInFlightRequests(HttpApplication? app, ThreadedCron? cron, ILogger log)
    {
        // Running cron jobs are listed too, as "CRON <job>".
        IReadOnlyList<string> requests = [.. app?.InFlight.Describe() ?? [], .. cron?.InFlight.Describe() ?? []];
        log.LogInformation("{Count} request(s) in flight", requests.Count);
        foreach (var request in requests)
        {
            log.LogInformation("in flight: {Request}", request);
        }
    }

    private static void LogTable(ScoreboardStatusSource status, ILogger log)
    {
        ServerStatus read;
        try
        {
            read = status.Read();
        }
        catch (ServerStatusUnavailableException e)
        {
            log.LogWarning("worker table unavailable: {Reason}", e.Message);
            return;
        }
        foreach (var line in StatusTable.Lines(read))
        {
            log.LogInformation("{Line}", line);
        }
    }

    private static HttpServerSettings Settings(ServerOptions options, LoggingSession logging, ListenSocket listen) => new()
    {
        Listen = new ListenTarget.InheritedSocket(listen.Fd, listen.ToString()),
        Admission = new ConnectionAdmission(ConnectionCeiling.For(options.WorkerConnections)),
        LoggerFactory = logging.Factory,
        AccessLog = logging.AccessLog,
        MaxConcurrentRequests = HttpThreadLimit.From(Environment.GetEnvironmentVariable(HttpThreadLimit.Variable), options),
    };
}
