using Microsoft.Extensions.Logging;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// SIGUSR2, as nginx, unicorn and gunicorn do it: a new master is started from the binary on disk and handed the
/// listening sockets; it starts its own workers and, once they accept, stops this master, which drains as on SIGTERM.
/// Until then this master serves as before; a new master that exits first (a bad binary, an invalid configuration)
/// leaves it serving. One upgrade at a time.
/// </summary>
internal sealed class BinaryUpgrade(ISuccessorLauncher? launcher, Action<MasterEvent> post, ILogger log)
{
    private int? _successor;

    public void Begin()
    {
        if (launcher is null)
        {
            log.UpgradeUnavailable();
            return;
        }
        if (_successor is { } running)
        {
            log.UpgradeInProgress(running);
            return;
        }
        try
        {
            _successor = launcher.Start(post);
            log.UpgradeStarted(_successor.Value);
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            log.UpgradeFailed(0, e.Message);
        }
    }

    /// <summary>
    /// This master stops (the new one told it to, or an operator did): the new master carries on alone. True when
    /// there is one, so this master's stop is not the service's.
    /// </summary>
    public bool Stopping()
    {
        if (_successor is not { } pid)
        {
            return false;
        }
        log.UpgradeHandedOver(pid);
        _successor = null;
        return true;
    }

    public void Exited(int pid, int exitCode)
    {
        if (pid != _successor)
        {
            return;
        }
        _successor = null;
        log.UpgradeFailed(pid, $"it exited with status {exitCode} before its workers accepted");
    }
}
