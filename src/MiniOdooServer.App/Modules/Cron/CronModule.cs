using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MiniOdooServer.App.Modules.Cron;

/// <summary>The cron routes: <c>POST /cron/trigger/&lt;name&gt;</c>. Loaded with <c>web</c>, as Odoo's base carries ir.cron.</summary>
internal sealed class CronModule : IRouteModule
{
    public string Name => "cron";

    public IReadOnlyList<string> LoadedWith => ["web"];

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/cron/trigger/{name}", (RequestDelegate)TriggerEndpoint.HandleAsync);
    }
}
