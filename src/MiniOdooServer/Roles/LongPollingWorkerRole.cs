using MiniOdooServer.App.Http;
using MiniOdooServer.App.Http.Transport;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>
/// The longpolling worker (<c>--role longpolling</c>), Odoo's evented process: adopts the master's gevent_port socket
/// and serves long-polls and websockets, thousands of idle connections at once (no one-request gate, no per-request
/// time limit). Every 4 s it checks its resident memory against limit_memory_soft_gevent and retires over it (the
/// master kills it over limit_memory_hard_gevent). Its stop, unlike Odoo's, answers pending long-polls and closes
/// websockets with 1001 so that clients reconnect at once. It beats in its slot like the other workers, but only
/// while its thread pool answers (<see cref="ThreadPoolProbe"/>): its bus store calls and most continuations run on
/// the pool, so a pool that no longer runs ordinary work serves nothing. Its accept loop cannot end while the host
/// runs: it waits out a shortage of descriptors and tries again (InheritedSocketListener).
/// </summary>
internal sealed class LongPollingWorkerRole(ServerOptions options, LoggingSession logging) : IWorkerRole
{
    /// <summary>Odoo's memory watchdog period for the evented process.</summary>
    private static readonly TimeSpan MemoryCheckInterval = TimeSpan.FromSeconds(4);

    private ConnectionAdmission? _admission;
    private HttpApplication? _app;
    private SlotUsagePublisher? _usage;

    public WorkerKind Kind => WorkerKind.LongPolling;

    public string? SocketUser => "Longpolling worker";

    private HttpApplication App => _app ?? throw new InvalidOperationException("Prepare first.");

    public void Prepare(WorkerContext worker)
    {
        // Thousands of idle connections, but never more than its descriptors allow: the excess is refused at once.
        var admission = _admission = new ConnectionAdmission(ConnectionCeiling.For(options.WorkerConnections));
        _app = HttpApplicationFactory.Create(options, WorkerServerSettings.For(worker, logging, ProcessIdentity.LongPollingRole) with
        {
            Admission = admission,
            Realtime = new RealtimeHosting.Local(),
            // A broadcast's thousands of answers are sent as they are written, not queued behind one another.
            InlineSocketScheduling = true,
        });
        // Its slot has no one-request state to record, only counters and usage.
        _usage = new SlotUsagePublisher(worker.Slot, () => admission.OpenConnections, worker.Time);
    }

    public Task StartAsync() => App.StartAsync();

    public async Task ServeAsync(WorkerContext worker)
    {
        using var memory = ResidentMemoryProbe.OfCurrentProcess();
        var compactor = IdleHeapCompactor.ForCurrentProcess(memory.Read);
        using var timer = new PeriodicTimer(MemoryCheckInterval, worker.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(worker.LeavingToken))
            {
                // A burst's garbage goes back to the system once the worker is quiet, before the limit is checked.
                compactor.Tick();
                if (worker.Limits.Check() is { } reason)
                {
                    worker.Retire(reason);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Nothing at once: the drain stops accepting before it ends every connection.</summary>
    public void StopAccepting()
    {
    }

    public async Task DrainAsync()
    {
        // Stop accepting first, then stop the host: its stopping event ends every long-poll and websocket (1001).
        _admission?.Close();
        await App.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _usage?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
