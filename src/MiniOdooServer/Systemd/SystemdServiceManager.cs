using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;
using MiniOdooServer.ProcessModel.Master;

namespace MiniOdooServer.Systemd;

/// <summary>
/// systemd as the master's service manager: notifications through Microsoft's <see cref="SystemdNotifier"/>
/// (NOTIFY_SOCKET, abstract sockets included); the watchdog interval from WATCHDOG_USEC when WATCHDOG_PID is unset or
/// names this process. A master removes the variables once read, so that its workers never talk to systemd themselves.
/// </summary>
internal sealed class SystemdServiceManager : IServiceManager
{
    private readonly SystemdNotifier _notifier = new();

    private SystemdServiceManager(TimeSpan? watchdog, string? socket)
    {
        WatchdogInterval = watchdog;
        Socket = socket;
    }

    public bool Listening => _notifier.IsEnabled;

    public TimeSpan? WatchdogInterval { get; }

    /// <summary>NOTIFY_SOCKET as read: handed to the new master of a binary upgrade.</summary>
    public string? Socket { get; }

    /// <param name="forget">Remove the variables (a master, before it starts workers); the threaded server keeps them
    /// for the program its reload executes.</param>
    public static SystemdServiceManager FromEnvironment(bool forget)
    {
        var watchdogPid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        TimeSpan? watchdog = null;
        if (long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) &&
            usec > 0 && (watchdogPid is null || watchdogPid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture)))
        {
            watchdog = TimeSpan.FromMicroseconds(usec);
        }
        var manager = new SystemdServiceManager(watchdog, Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));
        foreach (var name in forget ? (string[])["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] : [])
        {
            Environment.SetEnvironmentVariable(name, null);
        }
        return manager;
    }

    public void Notify(string state) => _notifier.Notify(new ServiceState(state));
}
