using MiniOdooServer.App.Monitoring;
using MiniOdooServer.ProcessModel.Scoreboards;

namespace MiniOdooServer.ScoreboardBridge;

/// <summary>The application's counters written into this process's scoreboard slot, where every process reads them.</summary>
internal sealed class SlotRequestCounters(RequestCounters counters) : IRequestCounters
{
    public void RequestCompleted(int module, int statusCode, long elapsedMicroseconds) =>
        counters.Record(module, statusCode, elapsedMicroseconds);

    public void BusMessagePublished() => counters.BusMessagePublished();

    public void RequestQueued() => counters.RequestQueued();
}
