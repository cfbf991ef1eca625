using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// Odoo's <c>bus</c> routes: long-polling and websockets (served where <see cref="RealtimeHosting"/> says), their
/// health checks, peek_notifications, publishing, and the tokens of private channels. Loaded with <c>web</c>, as Odoo's web depends on bus.
/// </summary>
internal sealed class BusModule : IRouteModule
{
    private static readonly byte[] HealthBody = """{"status": "pass"}"""u8.ToArray();

    public string Name => "bus";

    public IReadOnlyList<string> LoadedWith => ["web"];

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/longpolling/health", (RequestDelegate)WriteHealthAsync);
        endpoints.MapGet("/websocket/health", (RequestDelegate)WriteHealthAsync);
        endpoints.MapPost("/websocket/peek_notifications", (RequestDelegate)PeekNotificationsEndpoint.HandleAsync);
        endpoints.MapPost("/bus/send", (RequestDelegate)SendEndpoint.HandleAsync);
        endpoints.MapPost("/bus/channel_token", (RequestDelegate)ChannelTokenEndpoint.HandleAsync);
        // In a prefork HTTP worker these two are handed over before routing (RealtimeHandOverMiddleware) or refused here.
        // Their services come from the root provider: asking the request's would open a service scope per request,
        // which an idle long-poll or websocket keeps for as long as it lives.
        var services = endpoints.ServiceProvider;
        var hosting = services.GetRequiredService<HttpServerSettings>().Realtime;
        if (hosting is RealtimeHosting.Local)
        {
            var bus = new Lazy<BusDispatcher>(() => services.GetRequiredService<BusDispatcher>());
            var access = services.GetRequiredService<ChannelAccess>();
            var webSockets = new Lazy<WebSocketEndpoint>(() => WebSocketEndpoint.Create(services));
            endpoints.MapPost(RealtimeRoutes.Poll, (RequestDelegate)(context => PollEndpoint.HandleAsync(context, bus.Value, access)));
            endpoints.Map(RealtimeRoutes.WebSocket, (RequestDelegate)(context => webSockets.Value.HandleAsync(context)));
        }
        else
        {
            endpoints.MapPost(RealtimeRoutes.Poll, (RequestDelegate)(context => RefuseAsync(context, hosting, poll: true)));
            endpoints.Map(RealtimeRoutes.WebSocket, (RequestDelegate)(context => RefuseAsync(context, hosting, poll: false)));
        }
    }

    private static Task WriteHealthAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = HealthBody.Length;
        return context.Response.Body.WriteAsync(HealthBody, context.RequestAborted).AsTask();
    }

    private static async Task RefuseAsync(HttpContext context, RealtimeHosting hosting, bool poll)
    {
        var port = hosting switch
        {
            RealtimeHosting.Refuse refuse => refuse.GeventPort,
            RealtimeHosting.HandOver handOver => handOver.LongPolling.Port,
            _ => 0,
        };
        // Odoo's own words (bus controllers, websocket.py), with the port, instead of its 500.
        if (poll)
        {
            await JsonRpcResponse.WriteErrorAsync(context.Response, default,
                OdooError.Exception($"bus.Bus unavailable: long-polling is served by the longpolling worker on the evented port ({port})"));
        }
        else
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, new OdooError(
                "builtins.RuntimeError", $"Couldn't bind the websocket. Is the connection opened on the evented port ({port})?"));
        }
    }
}
