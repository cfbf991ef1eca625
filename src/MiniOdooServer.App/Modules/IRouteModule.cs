using Microsoft.AspNetCore.Routing;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules;

/// <summary>A group of routes loaded when <c>server_wide_modules</c> names it, like an Odoo server-wide module.</summary>
public interface IRouteModule
{
    /// <summary>The name listed in <c>server_wide_modules</c>.</summary>
    string Name { get; }

    /// <summary>Modules that bring this one along when listed (Odoo's web depends on bus: its realtime routes come with it).</summary>
    IReadOnlyList<string> LoadedWith => [];

    /// <summary>Why the module must not be mapped with these options (logged once as a warning), or null to map it.</summary>
    string? RefusalReason(ServerOptions options) => null;

    void Map(IEndpointRouteBuilder endpoints);
}
