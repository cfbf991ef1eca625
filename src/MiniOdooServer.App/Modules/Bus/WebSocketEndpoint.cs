using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Security;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// <c>GET /websocket</c>: the RFC 6455 handshake through ASP.NET Core (no sub-protocol, no compression, as Odoo), then
/// a <see cref="WebSocketSession"/>. A request that is not a websocket upgrade gets Odoo's answers: 426 with
/// <c>Sec-WebSocket-Version: 13</c> for another version, 400 otherwise. Its services are resolved once, not per
/// connection: each websocket used to build its own logger and policy, and keep them as long as it lived.
/// </summary>
internal sealed class WebSocketEndpoint(BusDispatcher bus, WebSocketPolicy policy, ChannelAccess access, TimeProvider time, ILogger log)
{
    public static WebSocketEndpoint Create(IServiceProvider services)
    {
        var bus = services.GetRequiredService<BusDispatcher>();
        return new WebSocketEndpoint(bus, WebSocketPolicy.From(services.GetRequiredService<ServerOptions>().Bus, bus.Timings),
            services.GetRequiredService<ChannelAccess>(), services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<HttpServerSettings>().LoggerFactory.CreateLogger(LoggerNames.WebSocket));
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            var version = context.Request.Headers.SecWebSocketVersion.ToString();
            if (version.Length > 0 && version != "13")
            {
                context.Response.Headers.SecWebSocketVersion = "13";
                await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status426UpgradeRequired,
                    OdooError.InvalidRequest("Unsupported websocket version: expected 13"));
                return;
            }
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest,
                OdooError.InvalidRequest("Empty or missing header(s): a websocket upgrade (RFC 6455) is expected"));
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            DangerousEnableCompression = false,
            // The runtime's heartbeat: a ping every PingInterval, the connection dropped when no pong comes in PongTimeout.
            KeepAliveInterval = policy.Timings.PingInterval,
            KeepAliveTimeout = policy.Timings.PongTimeout,
        });
        await new WebSocketSession(socket, bus, policy, access, time, log).RunAsync();
    }
}
