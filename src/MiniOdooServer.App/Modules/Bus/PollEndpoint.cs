using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.JsonRpc;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// <c>POST /longpolling/poll</c> (Odoo ≤ 15's protocol): JSON-RPC with params <c>channels</c>, <c>last</c>,
/// <c>options</c>. Answers at once with the messages newer than <c>last</c>, else waits for one up to the poll
/// timeout (50 s); the result is a list of <c>{id, channel, message}</c>.
/// </summary>
internal static class PollEndpoint
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
            var parameters = request.Params;
            if (!parameters.TryGetProperty("channels", out var channelsElement))
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, request.Id,
                    new OdooError("builtins.TypeError", "poll() missing 1 required positional argument: 'channels'"));
                return;
            }
            var (channels, channelError) = ChannelList.Read(channelsElement);
            var (last, lastError) = ChannelList.ReadLast(parameters);
            if ((channelError ?? lastError) is { } message)
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, request.Id, OdooError.Exception(message));
                return;
            }
            if (parameters.TryGetProperty("options", out var options) && options.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, request.Id, OdooError.Exception("options must be a dictionary"));
                return;
            }
            var bus = context.RequestServices.GetRequiredService<BusDispatcher>();
            IReadOnlyList<BusNotification> found;
            try
            {
                found = await bus.PollAsync(channels!, last, context.RequestAborted);
            }
            catch (BusUnavailableException e)
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, request.Id, BusUnavailable(e));
                return;
            }
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            await JsonRpcResponse.WriteResultAsync(context.Response, request.Id,
                writer => BusJson.WriteNotifications(writer, found, withChannel: true));
        }
    }

    /// <summary>Odoo's "bus.Bus unavailable", with why.</summary>
    public static OdooError BusUnavailable(BusUnavailableException e) => OdooError.Exception($"bus.Bus unavailable: {e.Message}");
}
