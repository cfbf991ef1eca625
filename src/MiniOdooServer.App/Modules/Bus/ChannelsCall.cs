using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// A JSON-RPC call whose params name <c>channels</c> and <c>last</c> (/longpolling/poll, /websocket/peek_notifications),
/// read and checked once for both: a malformed call is answered with Odoo's error and yields null. The parsed body is
/// given back at once (only the call's id is kept, as its raw JSON): a long-poll waits up to 50 s, and thousands of
/// them each holding a pooled 4 KB read buffer were a quarter of the longpolling worker's memory.
/// </summary>
internal sealed record ChannelsCall(byte[]? RawId, IReadOnlyList<string> Channels, long Last)
{
    /// <summary>The call's id, parsed again for the answer (dispose it after writing); null when the call had none.</summary>
    public JsonDocument? ReadId() => ReadId(RawId);

    /// <summary>An id kept as raw JSON, parsed again for the answer; null when the call had none.</summary>
    public static JsonDocument? ReadId(byte[]? rawId) => rawId is null ? null : JsonDocument.Parse(rawId);

    /// <param name="function">Odoo's name of the controller method, for the "missing argument" error.</param>
    /// <param name="access">Leaves out the private channels the call's <c>channel_tokens</c> do not open.</param>
    public static async Task<ChannelsCall?> ReadAsync(HttpContext context, string function, ChannelAccess access)
    {
        var (request, error) = await JsonBody.ReadJsonRpcAsync(context);
        if (request is null)
        {
            // A body refused for its size is no call: it gets the HTTP status too, so that a prefork HTTP worker
            // handing the poll over passes it on as the client's fault (and stops sending the body, see RealtimeForwarder).
            await (error!.Code == StatusCodes.Status413PayloadTooLarge
                ? JsonBody.WriteErrorAsync(context.Response, error.Code, error)
                : JsonRpcResponse.WriteErrorAsync(context.Response, default, error));
            return null;
        }
        using (request)
        {
            error = Check(request.Params, function, access, out var channels, out var last);
            if (error is not null)
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, request.Id, error);
                return null;
            }
            // A compact copy of its text (the request's document returns its pooled buffers when disposed), as the
            // answer writes it: a woken poll echoes it without parsing it again.
            var id = request.Id.ValueKind == JsonValueKind.Undefined ? null : JsonRpcResponse.CompactJson(request.Id);
            return new ChannelsCall(id, channels!, last);
        }
    }

    private static OdooError? Check(JsonElement parameters, string function, ChannelAccess access, out IReadOnlyList<string>? channels, out long last)
    {
        channels = null;
        last = 0;
        if (!parameters.TryGetProperty("channels", out var channelsElement))
        {
            return new OdooError("builtins.TypeError", $"{function}() missing 1 required positional argument: 'channels'");
        }
        (channels, var channelError) = ChannelList.Read(channelsElement);
        (last, var lastError) = ChannelList.ReadLast(parameters);
        var (tokens, tokensError) = ChannelList.ReadTokens(parameters);
        if ((channelError ?? lastError ?? tokensError) is { } message)
        {
            return OdooError.Exception(message);
        }
        channels = access.Readable(channels!, tokens);
        if (parameters.TryGetProperty("options", out var options) && options.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return OdooError.Exception("options must be a dictionary");
        }
        return null;
    }
}
