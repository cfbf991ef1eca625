using MiniOdooServer.App.Modules.Bench;
using MiniOdooServer.App.Modules.Bus;
using MiniOdooServer.App.Modules.Cron;
using MiniOdooServer.App.Modules.Web;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules;

/// <summary>The route modules mini-odoo ships, and which of them <c>server_wide_modules</c> selects.</summary>
internal static class RouteModuleCatalog
{
    /// <summary>Names Odoo lists by default that carry no routes here; accepted silently.</summary>
    private static readonly string[] ImplicitModules = ["base"];

    public static ModuleSelection Select(ServerOptions options)
    {
        IRouteModule[] available = [new WebModule(), new BusModule(), new CronModule(), new BenchModule(options.Gil)];
        var loaded = new List<IRouteModule>();
        var refusals = new List<string>();
        foreach (var module in available.Where(m => options.LoadsModule(m.Name) || m.LoadedWith.Any(options.LoadsModule)))
        {
            if (module.RefusalReason(options) is { } reason)
            {
                refusals.Add(reason);
            }
            else
            {
                loaded.Add(module);
            }
        }
        var unknown = options.ServerWideModules
            .Where(name => !ImplicitModules.Contains(name) && available.All(m => m.Name != name))
            .ToArray();
        return new ModuleSelection(loaded, unknown, refusals);
    }
}

/// <summary>What <c>server_wide_modules</c> gave: the modules to map, the names mini-odoo lacks, and why modules were refused.</summary>
internal sealed record ModuleSelection(IReadOnlyList<IRouteModule> Loaded, IReadOnlyList<string> Unknown, IReadOnlyList<string> Refusals);
