using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;

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
        if (OpenDefaultsWarning(options) is { } open)
        {
            log.LogWarning("{Warning}", open);
        }
    }

    /// <summary>
    /// The one warning of a server reachable from other machines whose <c>admin_passwd</c> is Odoo's default or empty:
    /// what that closes (the admin guard refuses them beyond local_networks), and how to change it. Null otherwise.
    /// </summary>
    public static string? OpenDefaultsWarning(ServerOptions options)
    {
        if (!options.HttpEnable || options.ListensOnLoopbackOnly ||
            options.AdminPassword is not (ServerOptions.DefaultAdminPassword or ""))
        {
            return null;
        }
        var where = options.HttpInterface is "" or "0.0.0.0" or "::" ? "every interface" : options.HttpInterface;
        var password = options.AdminPassword.Length == 0
            ? "admin_passwd is empty: publishing, cron triggers and channel tokens are refused to every client"
            : "admin_passwd is the default 'admin': it is refused from clients outside local_networks (" +
              string.Join(",", options.LocalNetworks) + ")";
        return $"The server listens on {where} and {password}, and the status and bench routes need it from them; " +
               "set admin_passwd to a secret, or http_interface = 127.0.0.1";
    }
}
