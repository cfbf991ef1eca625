namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// The service manager that started mini-odoo, told what the master does (systemd's sd_notify protocol: lines such
/// as <c>READY=1</c>, <c>STATUS=…</c>). Implemented in the executable; nothing is sent when none listens.
/// </summary>
public interface IServiceManager
{
    /// <summary>Whether a service manager listens (NOTIFY_SOCKET is set).</summary>
    bool Listening { get; }

    /// <summary>How often it expects <c>WATCHDOG=1</c> (systemd's WatchdogSec); null when it does not.</summary>
    TimeSpan? WatchdogInterval { get; }

    /// <summary>Sends one notification: newline-separated <c>KEY=value</c> assignments.</summary>
    void Notify(string state);
}

/// <summary>No service manager: the master's rules tested alone, or a server started from a shell.</summary>
public sealed class NoServiceManager : IServiceManager
{
    public static NoServiceManager Instance { get; } = new();

    public bool Listening => false;

    public TimeSpan? WatchdogInterval => null;

    public void Notify(string state)
    {
    }
}
