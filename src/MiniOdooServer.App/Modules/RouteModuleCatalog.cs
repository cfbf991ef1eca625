using MiniOdooServer.App.Modules.Web;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules;

/// <summary>The route modules mini-odoo ships, and which of them <c>server_wide_modules</c> selects.</summary>
internal static class RouteModuleCatalog
{
    /// <summary>Names Odoo lists by default that carry no routes here; accepted silently.</summary>
    private static readonly string[] ImplicitModules = ["base"];

    public static (IReadOnlyList<IRouteModule> Loaded, IReadOnlyList<string> Unknown) Select(ServerOptions options)
    {
        IRouteModule[] available = [new WebModule()];
        var loaded = available.Where(m => options.LoadsModule(m.Name)).ToArray();
        var unknown = options.ServerWideModules
            .Where(name => !ImplicitModules.Contains(name) && available.All(m => m.Name != name))
            .ToArray();
        return (loaded, unknown);
    }
}
