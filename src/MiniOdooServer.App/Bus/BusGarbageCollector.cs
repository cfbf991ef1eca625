using Microsoft.Extensions.Logging;

namespace MiniOdooServer.App.Bus;

/// <summary>
/// Odoo's bus GC when no <c>bus.gc</c> cron job runs on this server: messages older than the retention are deleted
/// on a timer in the listening process (Odoo collects in a cron job only; without one, messages would pile up forever).
/// </summary>
internal sealed class BusGarbageCollector
{
    private readonly IBusStore _store;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public BusGarbageCollector(IBusStore store, TimeSpan interval, TimeSpan retention, TimeProvider time, ILogger log)
    {
        _store = store;
        _interval = interval;
        _retention = retention;
        _time = time;
        _log = log;
    }

    /// <summary>Collects at once, then every interval until <paramref name="stopping"/>; never throws.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            do
            {
                try
                {
                    var deleted = await _store.DeleteOlderThanAsync(_time.GetUtcNow() - _retention, stopping);
                    if (deleted > 0)
                    {
                        _log.Collected(deleted);
                    }
                }
                catch (BusUnavailableException e)
                {
                    _log.ScanFailed(e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
