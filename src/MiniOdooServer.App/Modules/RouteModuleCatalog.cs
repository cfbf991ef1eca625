using MiniOdooServer.App.Modules.Bench;
using MiniOdooServer.App.Modules.Bus;
using MiniOdooServer.App.Modules.Cron;
using MiniOdooServer.App.Modules.Web;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules;

/// <summary>The route modules mini-odoo ships, and which of them <c>server_wide_modules</c> selects.</summary>
public static class RouteModuleCatalog
{
    /// <summary>Names Odoo lists by default that carry no routes here; accepted silently.</summary>
    private static readonly string[] ImplicitModules = ["base"];

    /// <summary>
    /// Why the HTTP service would serve nothing — no module of <c>server_wide_modules</c> is one mini-odoo has, or
    /// each was refused — so that it is refused at start rather than answering 404 to every request; null when it serves.
    /// </summary>
    public static string? WhyNothingIsServed(ServerOptions options)
    {
        var selection = Select(options);
        if (!options.HttpEnable || selection.Loaded.Count > 0)
        {
            return null;
        }
        var names = string.Join(", ", Available(options).Select(module => module.Name));
        return $"server_wide_modules = {string.Join(",", options.ServerWideModules)} loads no module mini-odoo serves " +
               $"({names}): every request would answer 404; expected web, as in Odoo's default base,web" +
               string.Concat(selection.Refusals.Select(refusal => "; " + refusal));
    }

    internal static ModuleSelection Select(ServerOptions options)
    {
        var available = Available(options);
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

    private static IRouteModule[] Available(ServerOptions options) =>
        [new WebModule(), new BusModule(), new CronModule(), new BenchModule(options.Gil)];
}

/// <summary>What <c>server_wide_modules</c> gave: the modules to map, the names mini-odoo lacks, and why modules were refused.</summary>
internal sealed record ModuleSelection(IReadOnlyList<IRouteModule> Loaded, IReadOnlyList<string> Unknown, IReadOnlyList<string> Refusals);
