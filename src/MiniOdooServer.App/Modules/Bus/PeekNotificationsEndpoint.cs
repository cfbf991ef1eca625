using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// <c>POST /websocket/peek_notifications</c> (Odoo 16+): what a websocket would receive, without waiting. Params
/// <c>channels</c>, <c>last</c>, <c>is_first_poll</c>; result <c>{channels, notifications}</c>. A <c>last</c> above
/// the bus's last id (a bus that was reset) reads as 0, as in Odoo. Any process can answer it: it only reads the store.
/// A private channel is read only with its token in <c>channel_tokens</c> (<see cref="ChannelAccess"/>).
/// </summary>
internal static class PeekNotificationsEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var call = await ChannelsCall.ReadAsync(context, "peek_notifications", context.RequestServices.GetRequiredService<ChannelAccess>());
        if (call is null)
        {
            return;
        }
        using var id = call.ReadId();
        var store = context.RequestServices.GetRequiredService<IBusStore>();
        var timings = context.RequestServices.GetRequiredService<BusTimings>();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var last = call.Last;
        IReadOnlyList<BusNotification> found;
        try
        {
            if (last > await store.LastIdAsync(context.RequestAborted))
            {
                last = 0;
            }
            var since = last == 0 ? time.GetUtcNow() - timings.RecentWindow : DateTimeOffset.UnixEpoch;
            found = await store.FetchAsync(call.Channels, last, since, BusDispatcher.BatchSize, context.RequestAborted);
        }
        catch (BusUnavailableException e)
        {
            await JsonRpcResponse.WriteErrorAsync(context.Response, id?.RootElement ?? default, PollEndpoint.BusUnavailable(e));
            return;
        }
        await JsonRpcResponse.WriteResultAsync(context.Response, id?.RootElement ?? default,
            writer => BusJson.WritePeek(writer, call.Channels, found, withChannel: false));
    }
}
