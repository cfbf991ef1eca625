using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.App.Http.Transport;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules.Bus.HandOver;

/// <summary>
/// In a prefork HTTP worker, passes <c>/longpolling/poll</c> and <c>/websocket</c> on to the longpolling worker, so
/// that realtime works on the HTTP port without a reverse proxy (Odoo answers them with an error there). It runs
/// before the request lifecycle on purpose: the worker gives its one-request slot back at once, tells the master
/// nothing (a 50 s poll or an hours-long websocket is not a request the watchdog should time), and the connection
/// closes when the hand-over ends, so it never serves a second request without a slot.
/// </summary>
internal sealed class RealtimeHandOverMiddleware(
    RequestDelegate next, HttpServerSettings settings, IHostApplicationLifetime lifetime, TimeProvider time, IAccessLog access)
{
    private readonly ILogger _log = settings.LoggerFactory.CreateLogger(LoggerNames.BusHandOver);
    private readonly ThrottledLog _clientFaults =
        new(settings.LoggerFactory.CreateLogger(LoggerNames.BusHandOver), time, ThrottledLog.DefaultInterval);

    public async Task InvokeAsync(HttpContext context)
    {
        if (settings.Realtime is not RealtimeHosting.HandOver handOver || !RealtimeRoutes.Matches(context.Request))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        context.Features.Get<IConnectionSlotFeature>()?.ReleaseSlot();
        await new RealtimeForwarder(handOver.LongPolling, _log, _clientFaults).ForwardAsync(context, lifetime.ApplicationStopping);
        if (access.IsEnabled)
        {
            access.Write(AccessLogEntry.From(context, Stopwatch.GetElapsedTime(started)));
        }
    }
}
