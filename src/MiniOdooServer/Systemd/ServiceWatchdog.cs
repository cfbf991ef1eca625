using MiniOdooServer.ProcessModel.Master;

namespace MiniOdooServer.Systemd;

/// <summary>
/// WATCHDOG=1 at half systemd's WatchdogSec from the threaded server, whose one loop waits for signals; the prefork
/// master sends it from its own loop instead (<see cref="ServiceManagerReport"/>).
/// </summary>
internal sealed class ServiceWatchdog : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;

    private ServiceWatchdog(IServiceManager manager, TimeSpan interval) => _beating = BeatAsync(manager, interval, _stop.Token);

    /// <summary>Beats while the server runs; nothing when systemd set no watchdog.</summary>
    public static ServiceWatchdog? Start(IServiceManager manager) =>
        manager is { Listening: true, WatchdogInterval: { } interval } ? new ServiceWatchdog(manager, interval) : null;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _beating;
        _stop.Dispose();
    }

    private static async Task BeatAsync(IServiceManager manager, TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval / 2);
        try
        {
            do
            {
                manager.Notify(ServiceNotifications.Watchdog);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
