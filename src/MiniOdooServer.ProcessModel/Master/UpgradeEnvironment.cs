using System.Globalization;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>What a master tells the new master of a binary upgrade, through its environment.</summary>
public static class UpgradeEnvironment
{
    /// <summary>The inherited listening sockets, as descriptor numbers: adopted like systemd's (<see cref="SocketActivation"/>).</summary>
    public const string ListenFds = "MINI_ODOO_LISTEN_FDS";

    /// <summary>The master being replaced: stopped once the new one's workers accept; its pidfile may be taken over.</summary>
    public const string Predecessor = "MINI_ODOO_PREDECESSOR";

    /// <summary>The pid of the master this process replaces, if it is the new master of an upgrade.</summary>
    public static int? PredecessorOf(Func<string, string?> read) =>
        int.TryParse(read(Predecessor), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
}
