using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;
using MiniOdooServer.ScoreboardBridge;

namespace MiniOdooServer.Tests.ScoreboardBridge;

/// <summary>The one-second usage publisher of the longpolling worker's slot and of the threaded server's.</summary>
public sealed class SlotUsagePublisherTests : IDisposable
{
    private readonly Scoreboard _board = Scoreboard.Create();
    private readonly FakeTimeProvider _time = new();
    private readonly WorkerSlot _slot;

    public SlotUsagePublisherTests()
    {
        _slot = _board[_board.Claim()!.Value];
        _slot.Assign(WorkerKind.LongPolling, 1, _time.GetUtcNow());
        _slot.Ready(Environment.ProcessId);
    }

    public void Dispose() => _board.Dispose();

    [Fact]
    public void ConnectionsMemoryAndCpuArePublishedAtOnceThenEverySecond()
    {
        var connections = 0;
        using var publisher = new SlotUsagePublisher(_slot, () => ++connections, _time);

        Assert.Equal(1, _slot.Connections);
        Assert.True(_slot.Read().ResidentBytes > 0);
        Assert.True(_slot.Read().CpuTime > TimeSpan.Zero);

        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(1, _slot.Connections);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _slot.Connections);
    }

    [Fact]
    public void TheThreadedServersSlotGetsItsUsageFromTheSamePublisherWithoutConnections()
    {
        using var observer = new ThreadedSlotObserver(_slot, _time);

        Assert.True(_slot.Read().ResidentBytes > 0);
        Assert.Equal(0, _slot.Connections);
    }
}
