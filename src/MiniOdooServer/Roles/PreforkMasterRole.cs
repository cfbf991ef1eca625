using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Cron;
using MiniOdooServer.App.Http;
using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.Systemd;

namespace MiniOdooServer.Roles;

/// <summary>
/// <c>workers = N</c>: binds the HTTP socket and the gevent_port socket once, then runs the <see cref="PreforkMaster"/>
/// over worker processes that inherit them: N HTTP workers and one longpolling worker. The master serves no HTTP itself.
/// A negative <c>workers</c> (Odoo's <c>--workers=-1</c>) keeps no HTTP worker, so the HTTP port is not bound.
/// </summary>
internal sealed class PreforkMasterRole(ServerInvocation invocation)
{
    public async Task<RoleOutcome> RunAsync(LoadedConfiguration configuration, LoggingSession logging)
    {
        var options = configuration.Options;
        var log = logging.CreateLogger(LoggerNames.Server);
        var systemd = SystemdServiceManager.FromEnvironment(forget: true);
        var predecessor = UpgradeEnvironment.PredecessorOf(Environment.GetEnvironmentVariable);
        Environment.SetEnvironmentVariable(UpgradeEnvironment.Predecessor, null);
        IServiceManager serviceManager = predecessor is { } replaced ? new PredecessorHandOver(systemd, replaced, log) : systemd;
        var backlog = ListenBacklogReport.Effective(options, log);
        var activation = SocketActivation.FromEnvironment(
            Environment.GetEnvironmentVariable, name => Environment.SetEnvironmentVariable(name, null), Environment.ProcessId);
        foreach (var problem in activation.Problems)
        {
            log.LogWarning("Socket activation: {Problem}", problem);
        }
        ListenSocket? http = null;
        if (options.HttpWorkerProcesses > 0)
        {
            // Workers that hold pending connections take only connections with their request waiting (Odoo's
            // own model, http_pending_connections = 0, takes them as they come).
            http = Listen(activation, options, options.HttpPort, backlog, options.HttpPendingConnections > 0 ? 1 : 0, "HTTP service", log);
            if (http is null)
            {
                return RoleOutcome.Exit(ExitCodes.Failure);
            }
            log.LogInformation("HTTP service (kestrel) running on {Address} with {Workers} worker processes", http, options.Workers);
        }
        using var _ = http;
        ListenSocket? gevent = null;
        if (options.HttpEnable)
        {
            // Bound here like the HTTP socket, so that a respawned longpolling worker never meets "address in use"
            // and connections queue in the kernel while it restarts.
            gevent = Listen(activation, options, options.GeventPort, backlog, 0, "Evented Service (longpolling)", log);
            if (gevent is null)
            {
                return RoleOutcome.Exit(ExitCodes.Failure);
            }
            log.LogInformation("Evented Service (longpolling) running on {Address}", gevent);
        }
        using var __ = gevent;
        foreach (var unclaimed in activation.CloseUnclaimed())
        {
            log.LogWarning("Socket activation: {Address} is neither http_port nor gevent_port; closed", unclaimed);
        }

        if (!options.HttpEnable)
        {
            log.LogInformation("HTTP service disabled (http_enable = False): {Count} cron worker(s) only", options.MaxCronThreads);
        }
        else if (options.HttpWorkerProcesses == 0)
        {
            // Odoo binds the port and leaves it unserved: its clients would wait for ever. Not bound here, they are refused.
            log.LogWarning("No HTTP worker processes (workers = {Workers}): port {Port} is not bound; the longpolling worker and {Count} cron worker(s) run",
                options.Workers, options.HttpPort, options.MaxCronThreads);
        }
        CronService.LogJobs(logging.CreateLogger(LoggerNames.Cron), options.CronJobs, $"{options.MaxCronThreads} cron worker(s)");
        using var scoreboard = Scoreboard.Create();

        using var launcher = new ProcessWorkerLauncher(
            invocation.Args,
            scoreboard,
            kind => kind switch
            {
                WorkerKind.Http => http?.Fd,
                WorkerKind.LongPolling => gevent?.Fd,
                _ => null,
            },
            kind => MemoryLimits.Hard(kind, options.Limits),
            TimeProvider.System);
        var master = new PreforkMaster(
            Generation(configuration), launcher, TimeProvider.System, log,
            reload: () => Generation(invocation.Reload()),
            longPolling: gevent is not null,
            journal: new ScoreboardJournal(scoreboard, TimeProvider.System),
            serviceManager: serviceManager,
            successors: new ProcessSuccessorLauncher(
                invocation.Args,
                new[] { http?.Fd, gevent?.Fd }.OfType<int>().ToArray(),
                systemd.Socket is { } socket ? new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socket } : new Dictionary<string, string>()));
        await using var sampler = new ListenQueueSampler(scoreboard, http, gevent);
        using var signals = new SignalQueue(
            signal => master.Post(new MasterEvent.SignalReceived(signal)),
            ProcessSignal.Int, ProcessSignal.Term, ProcessSignal.Hup, ProcessSignal.Quit, ProcessSignal.Usr1, ProcessSignal.Usr2, ProcessSignal.Ttin, ProcessSignal.Ttou);
        return RoleOutcome.Exit(await master.RunAsync());
    }

    private static GenerationConfiguration Generation(LoadedConfiguration loaded) => new(loaded.Options, loaded.File?.Contents);

    /// <summary>The socket the service manager passed for <paramref name="port"/>, else one bound here; null (logged) when the port is taken.</summary>
    private static ListenSocket? Listen(
        SocketActivation activation, ServerOptions options, int port, int backlog, int deferAcceptSeconds, string service, ILogger log)
    {
        if (activation.Claim(port) is { } passed)
        {
            passed.DeferAccept(deferAcceptSeconds);
            log.LogInformation("{Service}: adopted the listening socket {Address} it was passed", service, passed);
            return passed;
        }
        var address = ListenTarget.EndPointFor(options.HttpInterface, port);
        try
        {
            return ListenSocket.Bind(address, backlog, deferAcceptSeconds: deferAcceptSeconds);
        }
        catch (SocketException e)
        {
            log.LogCritical("{Service} cannot listen on {Address}: {Reason}", service, address, e.Message);
            return null;
        }
    }
}
