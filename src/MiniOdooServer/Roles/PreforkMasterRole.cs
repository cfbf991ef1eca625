using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Cron;
using MiniOdooServer.App.Http;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel;
using MiniOdooServer.ProcessModel.Master;
using MiniOdooServer.ProcessModel.Signals;
using MiniOdooServer.ProcessModel.Status;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>
/// <c>workers = N</c>: binds the HTTP socket and the gevent_port socket once, then runs the <see cref="PreforkMaster"/>
/// over worker processes that inherit them: N HTTP workers and one longpolling worker. The master serves no HTTP itself.
/// A negative <c>workers</c> (Odoo's <c>--workers=-1</c>) keeps no HTTP worker, so the HTTP port is not bound.
/// </summary>
internal sealed class PreforkMasterRole(ServerInvocation invocation)
{
    public async Task<RoleOutcome> RunAsync(ServerOptions options, LoggingSession logging)
    {
        var log = logging.CreateLogger(LoggerNames.Server);
        var backlog = ListenBacklogReport.Effective(options, log);
        ListenSocket? http = null;
        if (options.HttpWorkerProcesses > 0)
        {
            var address = ListenTarget.EndPointFor(options.HttpInterface, options.HttpPort);
            try
            {
                // Workers that hold pending connections take only connections with their request waiting (Odoo's
                // own model, http_pending_connections = 0, takes them as they come).
                http = ListenSocket.Bind(address, backlog,
                    deferAcceptSeconds: options.HttpPendingConnections > 0 ? 1 : 0);
            }
            catch (SocketException e)
            {
                log.LogCritical("HTTP service cannot listen on {Address}: {Reason}", address, e.Message);
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
            var address = ListenTarget.EndPointFor(options.HttpInterface, options.GeventPort);
            try
            {
                gevent = ListenSocket.Bind(address, backlog);
            }
            catch (SocketException e)
            {
                log.LogCritical("Evented Service (longpolling) cannot listen on {Address}: {Reason}", address, e.Message);
                return RoleOutcome.Exit(ExitCodes.Failure);
            }
            log.LogInformation("Evented Service (longpolling) running on {Address}", gevent);
        }
        using var __ = gevent;

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

        var launcher = new ProcessWorkerLauncher(
            invocation.Args,
            scoreboard,
            kind => kind switch
            {
                WorkerKind.Http => http?.Fd,
                WorkerKind.LongPolling => gevent?.Fd,
                _ => null,
            },
            kind => kind == WorkerKind.LongPolling ? options.Limits.EffectiveMemoryHardGevent : options.Limits.MemoryHard,
            TimeProvider.System);
        var master = new PreforkMaster(
            options, launcher, TimeProvider.System, log,
            reloadOptions: () => invocation.Reload().Options,
            longPolling: gevent is not null,
            journal: new ScoreboardJournal(scoreboard, TimeProvider.System));
        await using var sampler = new ListenQueueSampler(scoreboard, http, gevent);
        using var signals = new SignalQueue(
            signal => master.Post(new MasterEvent.SignalReceived(signal)),
            ProcessSignal.Int, ProcessSignal.Term, ProcessSignal.Hup, ProcessSignal.Quit, ProcessSignal.Usr1, ProcessSignal.Ttin, ProcessSignal.Ttou);
        return RoleOutcome.Exit(await master.RunAsync());
    }
}
