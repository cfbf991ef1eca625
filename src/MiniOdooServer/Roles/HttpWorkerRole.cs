using System.Globalization;
using System.Net;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Http.Transport;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>
/// A prefork HTTP worker (<c>--role http</c>): adopts the master's socket, serves one request at a time and closes
/// each connection after its response, as Odoo's WorkerHTTP does — but a request takes the worker only once it has
/// fully arrived, so connections still sending theirs (up to http_pending_connections) hold nothing. Asked to stop
/// or retiring, it stops accepting at once and exits once every admitted connection has had its response.
/// </summary>
internal sealed class HttpWorkerRole(ServerOptions options, LoggingSession logging) : IWorkerRole
{
    /// <summary>Odoo's default for ODOO_HTTP_SOCKET_TIMEOUT: a client must send its request headers within 2 s.</summary>
    private const double DefaultSocketTimeout = 2;

    /// <summary>
    /// After a load the collector keeps what died in its older generations: once the worker is quiet and has grown
    /// this much since its last compaction, one compacting collection gives it back.
    /// </summary>
    private const long IdleGrowth = 8L << 20;

    private static readonly TimeSpan CompactionCheck = TimeSpan.FromSeconds(1);

    private ConnectionAdmission? _admission;
    private HttpApplication? _app;

    public WorkerKind Kind => WorkerKind.Http;

    public string? SocketUser => "HTTP worker";

    private HttpApplication App => _app ?? throw new InvalidOperationException("Prepare first.");

    public void Prepare(WorkerContext worker)
    {
        var requestSlot = new RequestSlot();
        // 0 pending connections is Odoo's own model: one connection, held from accept to response.
        var pending = Math.Min(Math.Max(options.HttpPendingConnections, 1), ConnectionCeiling.For(options.WorkerConnections));
        var admission = _admission = new ConnectionAdmission(pending, requestSlot);
        _app = HttpApplicationFactory.Create(options, WorkerServerSettings.For(worker, logging, ProcessIdentity.HttpWorkerRole) with
        {
            Admission = admission,
            Slot = requestSlot,
            CloseAfterResponse = true,
            SocketTimeout = SocketTimeout(),
            Observer = new WorkerLimitsObserver(worker),
            Realtime = RealtimeFor(options),
        });
    }

    public Task StartAsync() => App.StartAsync();

    public async Task ServeAsync(WorkerContext worker)
    {
        using var memory = ResidentMemoryProbe.OfCurrentProcess();
        var compactor = IdleHeapCompactor.ForCurrentProcess(memory.Read, IdleGrowth);
        using var compaction = worker.Time.CreateTimer(_ => compactor.Tick(), null, CompactionCheck, CompactionCheck);
        await worker.Leaving;
    }

    /// <summary>The connection in hand still holds the only request slot: it finishes, no new one is taken.</summary>
    public void StopAccepting() => _admission?.Close();

    public async Task DrainAsync()
    {
        // Already closed, unless the stop came before there was anything to close.
        var admission = _admission ?? throw new InvalidOperationException("Prepare first.");
        admission.Close();
        // Every admitted connection ends (one response each) before the host stops, so none is dropped.
        await Task.WhenAny(admission.Drained, Task.Delay(HttpApplicationFactory.GracefulStopTimeout(options)));
        await App.StopAsync();
    }

    public ValueTask DisposeAsync() => _app?.DisposeAsync() ?? ValueTask.CompletedTask;

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
