using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Http;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ScoreboardBridge;

/// <summary>
/// The threaded server's one slot: busy while any request is in flight, showing the latest one started. Requests
/// run on many threads, and a slot's sequence allows one writer at a time, hence the lock (uncontended, tens of
/// nanoseconds; the counters themselves are atomic and outside it). Memory and CPU time are refreshed every second
/// rather than per request, by the same publisher as the longpolling worker's, under the same lock.
/// </summary>
internal sealed class ThreadedSlotObserver : IRequestObserver, IDisposable
{
    private readonly WorkerSlot _slot;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SlotUsagePublisher _usage;
    private int _inFlight;
    private long _served;

    public ThreadedSlotObserver(WorkerSlot slot, TimeProvider time)
    {
        _slot = slot;
        _time = time;
        _usage = new SlotUsagePublisher(slot, connections: null, time, _gate);
    }

    public void RequestStarted(HttpContext context)
    {
        lock (_gate)
        {
            _inFlight++;
            _slot.BeginRequest(_time.GetTimestamp(), _time.GetUtcNow(), context.Request.Method, context.Request.Path.Value ?? "/");
        }
    }

    public void RequestFinished(HttpContext context)
    {
        lock (_gate)
        {
            _served++;
            if (--_inFlight == 0)
            {
                var usage = _slot.Read();
                _slot.EndRequest(_served, usage.ResidentBytes, usage.CpuTime);
            }
        }
    }

    public void Dispose()
    {
        _usage.Dispose();
    }
}
