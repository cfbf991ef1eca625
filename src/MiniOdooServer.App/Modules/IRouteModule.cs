using Microsoft.AspNetCore.Routing;

namespace MiniOdooServer.App.Modules;

/// <summary>A group of routes loaded when <c>server_wide_modules</c> names it, like an Odoo server-wide module.</summary>
public interface IRouteModule
{
    /// <summary>The name listed in <c>server_wide_modules</c>.</summary>
    string Name { get; }

    void Map(IEndpointRouteBuilder endpoints);
}
