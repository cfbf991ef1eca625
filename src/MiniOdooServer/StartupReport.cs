using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Loading;

namespace MiniOdooServer;

/// <summary>The lines Odoo's report_configuration writes at start, and the configuration warnings, logged once.</summary>
internal static class StartupReport
{
    public static void Write(ILogger log, LoadedConfiguration configuration)
    {
        var options = configuration.Options;
        log.LogInformation("mini-odoo version {Version} (Odoo {Serie} protocols)",
            typeof(StartupReport).Assembly.GetName().Version?.ToString(3), App.Modules.Web.ServerVersion.Serie);
        if (options.ConfigFile is { } file && File.Exists(file))
        {
            log.LogInformation("Using configuration file at {Path}", file);
        }
        log.LogInformation("workers: {Workers}, max_cron_threads: {Cron}, server_wide_modules: {Modules}",
            options.Workers, options.MaxCronThreads, string.Join(",", options.ServerWideModules));
        foreach (var warning in configuration.Warnings)
        {
            log.LogWarning("{Warning}", warning);
        }
    }
}
