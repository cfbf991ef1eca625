using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// Whether the bench module may be mapped: its routes burn CPU, hold memory and kill the process, so they are refused
/// on a server reachable from other machines while <c>admin_passwd</c> is still Odoo's default.
/// </summary>
internal static class BenchAdmission
{
    /// <summary>Why the module is refused with these options, or null when it may load.</summary>
    public static string? RefusalReason(ServerOptions options)
    {
        if (options.ListensOnLoopbackOnly || options.AdminPassword != ServerOptions.DefaultAdminPassword)
        {
            return null;
        }
        var where = options.HttpInterface.Length == 0 ? "all interfaces (http_interface is empty)" : options.HttpInterface;
        return $"the bench module is not loaded: the server listens on {where} and admin_passwd is still the default; " +
               "set admin_passwd or http_interface = 127.0.0.1 to load it";
    }
}
