using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Master;

namespace MiniOdooServer.Roles;

/// <summary>The listen backlog a server binds with, said once at start with the kernel's ceiling (a larger value is cut to it).</summary>
internal static class ListenBacklogReport
{
    public static int Effective(ServerOptions options, ILogger log)
    {
        var (backlog, somaxconn) = ListenBacklog.Effective(options.ListenBacklog);
        if (options.ListenBacklog > backlog)
        {
            log.LogWarning("listen_backlog = {Configured} is above net.core.somaxconn = {Somaxconn}: the kernel queues {Backlog} connections per port",
                options.ListenBacklog, somaxconn, backlog);
        }
        else
        {
            log.LogInformation("Listen backlog: {Backlog} connections per port (net.core.somaxconn = {Somaxconn})",
                backlog, somaxconn?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown");
        }
        return backlog;
    }
}
