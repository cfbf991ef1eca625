using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// A JSON-RPC call whose params name <c>channels</c> and <c>last</c> (/longpolling/poll, /websocket/peek_notifications),
/// read and checked once for both: a malformed call is answered with Odoo's error and yields null. The parsed body is
/// given back at once (only the call's id is kept, as its raw JSON): a long-poll waits up to 50 s, and thousands of
/// them each holding a pooled read buffer were a large share of the longpolling worker's memory (docs/long-polling.md).
/// </summary>
/// <param name="Peek">Odoo 15's <c>options.peek</c>: answer at once, without waiting.</param>
internal sealed record ChannelsCall(byte[]? RawId, IReadOnlyList<string> Channels, long Last, bool Peek)
{
    /// <summary>The call's id, parsed again for the answer (dispose it after writing); null when the call had none.</summary>
    public JsonDocument? ReadId() => ReadId(RawId);

    /// <summary>An id kept as raw JSON, parsed again for the answer; null when the call had none.</summary>
    public static JsonDocument? ReadId(byte[]? rawId) => rawId is null ? null : JsonDocument.Parse(rawId);

    /// <param name="function">Odoo's name of the controller method, for the "missing argument" error.</param>
    /// <param name="access">Leaves out the private channels the call's <c>channel_tokens</c> do not open.</param>
    /// <param name="longPoll">
    /// Reads <c>last</c> as Odoo 15's <c>/longpolling/poll</c> does (<see cref="PollLast"/>), else as Odoo 16+'s
    /// websocket routes do: a whole number ≥ 0.
    /// </param>
    public static async Task<ChannelsCall?> ReadAsync(HttpContext context, string function, ChannelAccess access, bool longPoll = false)
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
            error = Check(request.Params, function, access, longPoll, out var channels, out var last, out var peek);
            if (error is not null)
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, request.Id, error);
                return null;
            }
            // A compact copy of its text (the request's document returns its pooled buffers when disposed), as the
            // answer writes it: a woken poll echoes it without parsing it again.
            var id = request.Id.ValueKind == JsonValueKind.Undefined ? null : JsonRpcResponse.CompactJson(request.Id);
            return new ChannelsCall(id, channels!, last, peek);
        }
    }

    private static OdooError? Check(JsonElement parameters, string function, ChannelAccess access, bool longPoll,
        out IReadOnlyList<string>? channels, out long last, out bool peek)
    {
        channels = null;
        last = 0;
        peek = false;
        // Both are positional arguments of Odoo's controller methods: Python names what is missing before anything runs.
        var missing = (parameters.TryGetProperty("channels", out var channelsElement), parameters.TryGetProperty("last", out var lastElement)) switch
        {
            (false, false) => "2 required positional arguments: 'channels' and 'last'",
            (false, true) => "1 required positional argument: 'channels'",
            (true, false) => "1 required positional argument: 'last'",
            _ => null,
        };
        if (missing is not null)
        {
            return new OdooError("builtins.TypeError", $"{function}() missing {missing}");
        }
        (channels, var channelError) = ChannelList.Read(channelsElement);
        if (channelError is not null)
        {
            return OdooError.Exception(channelError);
        }
        OdooError? lastError;
        if (longPoll)
        {
            (last, lastError) = PollLast.Read(lastElement);
        }
        else
        {
            (last, var message) = ChannelList.ReadLast(parameters);
            lastError = message is null ? null : OdooError.Exception(message);
        }
        if (lastError is not null)
        {
            return lastError;
        }
        var (tokens, tokensError) = ChannelList.ReadTokens(parameters);
        if (tokensError is not null)
        {
            return OdooError.Exception(tokensError);
        }
        channels = access.Readable(channels!, tokens);
        if (parameters.TryGetProperty("options", out var options) && options.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return OdooError.Exception("options must be a dictionary");
        }
        peek = options.ValueKind == JsonValueKind.Object && options.TryGetProperty("peek", out var peekElement) && IsTrue(peekElement);
        return null;
    }

    /// <summary>Python's truth of a JSON value, as Odoo tests <c>options.get('peek')</c>.</summary>
    private static bool IsTrue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        // A number too large for a double is no 0 either.
        JsonValueKind.Number => !value.TryGetDouble(out var number) || number != 0,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        _ => false,
    };
}
