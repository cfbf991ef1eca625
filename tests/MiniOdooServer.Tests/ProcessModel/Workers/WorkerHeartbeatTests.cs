using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

/// <summary>
/// The heartbeat lands in the slot at once and every second after, beside a request's writes, and a clear ends it;
/// with a health check, only while it passes.
/// </summary>
public sealed class WorkerHeartbeatTests : IDisposable
{
    private readonly Scoreboard _board = Scoreboard.Create();

    [Fact]
    public void TheSlotShowsTheLatestBeatAndKeepsItThroughRequests()
    {
        var time = new FakeTimeProvider();
        var slot = _board[0];
        slot.Assign(WorkerKind.Http, 1, time.GetUtcNow());
        slot.Ready(4242);

        using var heartbeat = new WorkerHeartbeat(slot, time);
        Assert.Equal(time.GetTimestamp(), slot.Read().HeartbeatTimestamp);

        time.Advance(WorkerHeartbeat.Interval);
        var beat = time.GetTimestamp();
        slot.BeginRequest(time.GetTimestamp(), time.GetUtcNow(), "GET", "/web/health");
        slot.EndRequest(1, 0, TimeSpan.Zero);
        Assert.Equal(beat, slot.Read().HeartbeatTimestamp);

        heartbeat.Dispose();
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(beat, slot.Read().HeartbeatTimestamp);
        slot.Clear();
        Assert.Equal(0, slot.Read().HeartbeatTimestamp);
    }

    [Fact]
    public void TheSlotGetsBeatsOnlyWhileTheHealthCheckPasses()
    {
        var time = new FakeTimeProvider();
        var slot = _board[1];
        slot.Assign(WorkerKind.LongPolling, 1, time.GetUtcNow());
        slot.Ready(4243);
        var healthy = true;

        using var heartbeat = new WorkerHeartbeat(slot, time, () => healthy);
        var lastHealthy = time.GetTimestamp();
        Assert.Equal(lastHealthy, slot.Read().HeartbeatTimestamp);

        healthy = false;
        time.Advance(WorkerHeartbeat.Interval);
        time.Advance(WorkerHeartbeat.Interval);
        Assert.Equal(lastHealthy, slot.Read().HeartbeatTimestamp);

        healthy = true;
        time.Advance(WorkerHeartbeat.Interval);
        Assert.Equal(time.GetTimestamp(), slot.Read().HeartbeatTimestamp);
    }

    [Fact]
    public void AnUnhealthyWorkerNeverBeatsNotEvenAtStart()
    {
        var time = new FakeTimeProvider();
        var slot = _board[2];
        slot.Assign(WorkerKind.LongPolling, 1, time.GetUtcNow());
        slot.Ready(4244);

        using var heartbeat = new WorkerHeartbeat(slot, time, () => false);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, slot.Read().HeartbeatTimestamp);
    }

    public void Dispose() => _board.Dispose();
}
