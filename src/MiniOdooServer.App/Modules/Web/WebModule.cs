using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.JsonRpc;
using MiniOdooServer.App.Modules.Web.Chat;
using MiniOdooServer.App.Modules.Web.Monitoring;

namespace MiniOdooServer.App.Modules.Web;

/// <summary>
/// Odoo's <c>web</c> routes that need no database: the health check, <c>version_info</c>, and the <c>common</c>
/// service of <c>/jsonrpc</c>; and the live chat demo (<c>/web/chat</c>, <c>/web/chat/post</c>).
/// </summary>
internal sealed class WebModule : IRouteModule
{
    private static readonly byte[] HealthBody = """{"status": "pass"}"""u8.ToArray();

    public string Name => "web";

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/web/health", (RequestDelegate)WriteHealthAsync);
        endpoints.MapPost("/web/webclient/version_info", (RequestDelegate)VersionInfoAsync);
        endpoints.MapPost("/jsonrpc", (RequestDelegate)JsonRpcAsync);
        // The live chat demo; its posting route publishes on the bus, which always loads with web.
        endpoints.MapGet("/web/chat", (RequestDelegate)ChatPage.HandleAsync);
        var chat = new ChatPostEndpoint(new ChatRateLimiter(endpoints.ServiceProvider.GetRequiredService<TimeProvider>()));
        endpoints.MapPost("/web/chat/post", (RequestDelegate)chat.HandleAsync)
            .WithMetadata(new RequestBodyLimit(ChatPostEndpoint.MaxBodyBytes));
        // What every process is doing, for people (the page) and for Prometheus.
        endpoints.MapGet("/web/server/status", (RequestDelegate)ServerStatusEndpoint.HandleAsync);
        endpoints.MapGet("/web/server/dashboard", (RequestDelegate)DashboardPage.HandleAsync);
        endpoints.MapGet("/metrics", (RequestDelegate)MetricsEndpoint.HandleAsync);
    }

    private static Task WriteHealthAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = HealthBody.Length;
        return context.Response.Body.WriteAsync(HealthBody, context.RequestAborted).AsTask();
    }

    private static async Task VersionInfoAsync(HttpContext context)
    {
        var (request, error) = await JsonRpcRequest.ReadAsync(context.Request);
        using (request)
        {
            if (request is null)
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, default, error!);
                return;
            }
            await JsonRpcResponse.WriteResultAsync(context.Response, request.Id, ServerVersion.Write);
        }
    }

    /// <summary><c>/jsonrpc</c>: <c>params = {"service", "method", "args"}</c>; only <c>common.version</c> needs no database.</summary>
    private static async Task JsonRpcAsync(HttpContext context)
    {
        var (request, error) = await JsonRpcRequest.ReadAsync(context.Request);
        using (request)
        {
            if (request is null)
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, default, error!);
                return;
            }
            var service = ReadString(request.Params, "service");
            var method = ReadString(request.Params, "method");
            error = (service, method) switch
            {
                (null, _) => OdooError.InvalidRequest("params.service must be a string"),
                (_, null) => OdooError.InvalidRequest("params.method must be a string"),
                ("common", "version") => null,
                ("common", _) => OdooError.Exception($"Method not found: common.{method}"),
                ("db" or "object", _) => OdooError.Exception($"The {service} service needs a database; mini-odoo has none"),
                _ => OdooError.Exception($"Service not found: {service}"),
            };
            if (error is not null)
            {
                await JsonRpcResponse.WriteErrorAsync(context.Response, request.Id, error);
                return;
            }
            await JsonRpcResponse.WriteResultAsync(context.Response, request.Id, ServerVersion.Write);
        }
    }

    private static string? ReadString(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
