using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// <c>POST /longpolling/poll</c> (Odoo ≤ 15's protocol): JSON-RPC with params <c>channels</c>, <c>last</c>,
/// <c>options</c>. Answers at once with the messages newer than <c>last</c>, else waits for one up to the poll
/// timeout (50 s); the result is a list of <c>{id, channel, message}</c>. With <c>options.peek</c> it answers at once
/// <c>{channels, notifications}</c>, as Odoo 15. <c>last</c> is read as Odoo 15 reads it (<see cref="PollLast"/>).
/// Private channels need <c>channel_tokens</c>.
/// </summary>
internal static class PollEndpoint
{
    public static async Task HandleAsync(HttpContext context, BusDispatcher bus, ChannelAccess access)
    {
        var call = await ChannelsCall.ReadAsync(context, "poll", access, longPoll: true);
        if (call is null)
        {
            return;
        }
        // Only the id is kept through the wait (the call itself, its channel list included, is not used after it).
        var rawId = call.RawId;
        BusDelivery found;
        try
        {
            if (call.Peek)
            {
                // Odoo 15 reads once and answers, whatever it found; its last is taken as given (no wait to prepare).
                found = await bus.FetchAsync(call.Channels, call.Last, context.RequestAborted);
                if (!context.RequestAborted.IsCancellationRequested)
                {
                    using var id = call.ReadId();
                    await JsonRpcResponse.WriteResultAsync(context.Response, id?.RootElement ?? default,
                        writer => BusJson.WritePeek(writer, call.Channels, found, withChannel: true));
                }
                return;
            }
            found = await bus.PollAsync(call.Channels, call.Last, context.RequestAborted);
        }
        catch (BusUnavailableException e)
        {
            using var errorId = ChannelsCall.ReadId(rawId);
            await JsonRpcResponse.WriteErrorAsync(context.Response, errorId?.RootElement ?? default, BusUnavailable(e));
            return;
        }
        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        // The result array is serialized once and shared by every poll that gets the same messages; the answer goes
        // out as one buffer with its length (a broadcast writes thousands of them at once).
        JsonRpcResponse.WriteRawResult(context.Response, rawId, found.PollResult.Span);
    }

    /// <summary>Odoo's "bus.Bus unavailable", with why.</summary>
    public static OdooError BusUnavailable(BusUnavailableException e) => OdooError.Exception($"bus.Bus unavailable: {e.Message}");
}
