using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.JsonRpc;

namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// <c>POST /bus/send</c>: publishes <c>{"channel", "type", "payload"}</c> (Odoo's <c>_sendone</c>) from any process,
/// for <c>Authorization: Bearer &lt;admin_passwd&gt;</c> only. Answers <c>{"id": N}</c>.
/// </summary>
internal static class SendEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        using var document = await AdminOnlyRoute.AdmitWithBodyAsync(context, "publishing");
        if (document is null)
        {
            return;
        }
        var root = document.RootElement;
        var channel = root.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var problem = (channel, type, root.TryGetProperty("payload", out var payload)) switch
        {
            (null, _, _) => root.TryGetProperty("channel", out _) ? ChannelList.OnlyStrings : "channel is missing",
            (_, null, _) => "type must be a string",
            (_, _, false) => "payload is missing",
            _ => null,
        };
        if (problem is not null)
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, OdooError.InvalidRequest(problem));
            return;
        }
        var store = context.RequestServices.GetRequiredService<IBusStore>();
        long id;
        try
        {
            id = await store.SendAsync(channel!, BusJson.Message(type!, payload), context.RequestAborted);
        }
        catch (BusUnavailableException e)
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status503ServiceUnavailable, PollEndpoint.BusUnavailable(e));
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"id": {{id}}}""", context.RequestAborted);
    }
}
