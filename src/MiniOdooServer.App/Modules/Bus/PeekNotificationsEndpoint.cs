using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.JsonRpc;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// <c>POST /websocket/peek_notifications</c> (Odoo 16+): what a websocket would receive, without waiting. Params
/// <c>channels</c>, <c>last</c>, <c>is_first_poll</c>; result <c>{channels, notifications}</c>. A <c>last</c> above
/// the bus's last id (a bus that was reset) reads as 0, as in Odoo. Any process can answer it: it only reads the store.
/// </summary>
internal static class PeekNotificationsEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var (request, error) = await JsonBody.ReadJsonRpcAsync(context);
        using (request)
        {
            if (request is null)
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, default, error!);
                return;
            }
            if (!request.Params.TryGetProperty("channels", out var channelsElement))
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, request.Id,
                    new OdooError("builtins.TypeError", "peek_notifications() missing 1 required positional argument: 'channels'"));
                return;
            }
            var (channels, channelError) = ChannelList.Read(channelsElement);
            var (last, lastError) = ChannelList.ReadLast(request.Params);
            if ((channelError ?? lastError) is { } message)
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, request.Id, OdooError.Exception(message));
                return;
            }
            var store = context.RequestServices.GetRequiredService<IBusStore>();
            var timings = context.RequestServices.GetRequiredService<BusTimings>();
            var time = context.RequestServices.GetRequiredService<TimeProvider>();
            IReadOnlyList<BusNotification> found;
            try
            {
                if (last > await store.LastIdAsync(context.RequestAborted))
                {
                    last = 0;
                }
                var since = last == 0 ? time.GetUtcNow() - timings.RecentWindow : DateTimeOffset.UnixEpoch;
                found = await store.FetchAsync(channels!, last, since, BusDispatcher.BatchSize, context.RequestAborted);
            }
            catch (BusUnavailableException e)
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, request.Id, PollEndpoint.BusUnavailable(e));
                return;
            }
            await JsonRpcResponse.WriteResultAsync(context.Response, request.Id, writer =>
            {
                writer.WriteStartObject();
                writer.WritePropertyName("channels");
                writer.WriteStartArray();
                foreach (var channel in channels!)
                {
                    writer.WriteStringValue(channel);
                }
                writer.WriteEndArray();
                writer.WritePropertyName("notifications");
                BusJson.WriteNotifications(writer, found, withChannel: false);
                writer.WriteEndObject();
            });
        }
    }
}
