using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Security;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// <c>POST /bus/channel_token</c> with <c>{"channel": name}</c> and <c>Authorization: Bearer &lt;admin_passwd&gt;</c>: the
/// token a client presents in <c>channel_tokens</c> to read that channel (<see cref="ChannelTokens"/>). Answers
/// <c>{"channel", "token", "private"}</c>; <c>private</c> says whether bus_private_channels names the channel at all
/// (a public channel needs no token, but the token is issued anyway, so that a channel can turn private later).
/// </summary>
internal static class ChannelTokenEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        using var document = await AdminOnlyRoute.AdmitWithBodyAsync(context, "issuing a channel token");
        if (document is null)
        {
            return;
        }
        if (!document.RootElement.TryGetProperty("channel", out var element) || element.ValueKind != JsonValueKind.String ||
            element.GetString() is not { Length: > 0 } channel)
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest,
                OdooError.InvalidRequest("channel must be a non-empty string"));
            return;
        }
        var access = context.RequestServices.GetRequiredService<ChannelAccess>();
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("channel", channel);
        writer.WriteString("token", access.IssueToken(channel));
        writer.WriteBoolean("private", access.IsPrivate(channel));
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
