using System.Globalization;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// What the service manager hears from the master, derived after each tick from the roster: <c>READY=1</c> once
/// every HTTP worker of the current generation accepts (and again when a reload's generation does), <c>RELOADING=1</c>
/// with <c>MONOTONIC_USEC</c> when a reload starts a generation, <c>STOPPING=1</c> when the stop begins, a one-line
/// <c>STATUS</c> when it changes (at most once a second), and <c>WATCHDOG=1</c> at half the watchdog interval, so a
/// master whose loop hangs is restarted.
/// </summary>
internal sealed class ServiceManagerReport(IServiceManager manager, WorkerRoster roster, TimeProvider time)
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);

    private int _reloadingGeneration = 1;
    private int _readyGeneration;
    private bool _stopping;
    private string? _status;
    private long? _statusAt;
    private long _servedAtStatus;
    private long? _watchdogAt;
    private bool _silent;

    /// <summary>
    /// Says nothing more: this master hands over to the new master of a binary upgrade, which is the service now
    /// (its STOPPING=1 would stop the service).
    /// </summary>
    public void Silence() => _silent = true;

    public void Update(bool stopping)
    {
        if (!manager.Listening || _silent)
        {
            return;
        }
        var now = time.GetTimestamp();
        if (manager.WatchdogInterval is { } watchdog && (_watchdogAt is not { } fed || time.GetElapsedTime(fed, now) >= watchdog / 2))
        {
            _watchdogAt = now;
            manager.Notify(ServiceNotifications.Watchdog);
        }
        if (stopping)
        {
            if (!_stopping)
            {
                _stopping = true;
                manager.Notify(ServiceNotifications.Stopping);
            }
            return;
        }
        if (roster.Generation > _reloadingGeneration)
        {
            _reloadingGeneration = roster.Generation;
            manager.Notify(ServiceNotifications.Reloading(time));
        }
        if (_readyGeneration != roster.Generation && Accepting())
        {
            _readyGeneration = roster.Generation;
            manager.Notify(ServiceNotifications.Ready(Status(now)));
            return;
        }
        if (_statusAt is not { } said || time.GetElapsedTime(said, now) >= StatusInterval)
        {
            var previous = _status;
            var status = Status(now);
            if (status != previous)
            {
                manager.Notify(ServiceNotifications.Status(status));
            }
        }
    }

    /// <summary>The generation serves: every worker the population counts on accepts, and none of an older generation is left.</summary>
    private bool Accepting()
    {
        var kinds = roster.ServesHttp ? [WorkerKind.Http] : Enum.GetValues<WorkerKind>().Where(k => roster.Target(k) > 0).ToArray();
        return kinds.All(kind =>
            roster.Accepting(kind) >= roster.Target(kind) && roster.Outgoing(kind).Length == 0);
    }

    /// <summary>e.g. <c>4/4 HTTP workers, generation 2, 120 requests/s</c>; updates the rate's reference point.</summary>
    private string Status(long now)
    {
        var served = roster.All.Where(w => w.Kind == WorkerKind.Http).Sum(w => w.Served);
        var seconds = _statusAt is { } said ? time.GetElapsedTime(said, now).TotalSeconds : 0;
        var rate = seconds > 0 ? Math.Max(0, served - _servedAtStatus) / seconds : 0;
        _statusAt = now;
        _servedAtStatus = served;
        var alive = roster.Accepting(WorkerKind.Http);
        _status = string.Create(CultureInfo.InvariantCulture,
            $"{alive}/{roster.HttpWorkers} HTTP workers, generation {roster.Generation}, {rate:0} requests/s");
        return _status;
    }
}
