using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Scoreboards;

public sealed class ScoreboardTests : IDisposable
{
    private static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);

    private readonly Scoreboard _board = Scoreboard.Create();

    public void Dispose() => _board.Dispose();

    [Fact]
    public void ANewBoardHasNoWorkers()
    {
        Assert.Empty(_board.ReadAll());
    }

    [Fact]
    public void ASlotShowsWhoTheWorkerIsAndWhatItDoes()
    {
        var index = _board.Claim()!.Value;
        var slot = _board[index];
        slot.Assign(WorkerKind.Http, generation: 3, Started);
        Assert.Equal(WorkerSlotState.Booting, slot.Read().State);

        slot.Ready(pid: 4242);
        slot.BeginRequest(timestamp: 777, Started.AddSeconds(5), "POST", "/web/dataset/call_kw");

        var busy = Assert.Single(_board.ReadAll());
        Assert.Equal(index, busy.Index);
        Assert.Equal((4242, WorkerKind.Http, 3, WorkerSlotState.Busy), (busy.Activity.Pid, busy.Activity.Kind, busy.Activity.Generation, busy.Activity.State));
        Assert.Equal(777, busy.Activity.RequestStartedTimestamp);
        Assert.Equal(Started.AddSeconds(5), busy.Activity.RequestStartedAt);
        Assert.Equal("POST /web/dataset/call_kw", busy.Activity.CurrentRequest);

        slot.EndRequest(served: 1, residentBytes: 18 << 20, TimeSpan.FromMilliseconds(250));

        var idle = slot.Read();
        Assert.Equal(WorkerSlotState.Idle, idle.State);
        Assert.Null(idle.RequestStartedTimestamp);
        Assert.Null(idle.CurrentRequest);
        Assert.Equal((1L, 18L << 20, TimeSpan.FromMilliseconds(250)), (idle.Served, idle.ResidentBytes, idle.CpuTime));
        Assert.Equal(Started, idle.StartedAt);
    }

    [Fact]
    public void ALongPathIsCutAndNonAsciiSurvives()
    {
        var slot = _board[_board.Claim()!.Value];
        slot.Assign(WorkerKind.Http, 1, Started);
        slot.BeginRequest(1, Started, "GET", "/é" + new string('x', 500));

        var path = slot.Read().Path!;

        Assert.StartsWith("/éxxx", path, StringComparison.Ordinal);
        Assert.True(path.Length is > 100 and < 130, $"length {path.Length}");
    }

    [Fact]
    public void AReleasedSlotIsClearedAndReused()
    {
        var first = _board.Claim()!.Value;
        _board[first].Assign(WorkerKind.Cron, 1, Started);
        var second = _board.Claim()!.Value;

        _board.Release(first);

        Assert.NotEqual(first, second);
        Assert.Equal(WorkerSlotState.Free, _board[first].Read().State);
        Assert.Equal(first, _board.Claim());
    }

    [Fact]
    public void ClaimReturnsNullWhenEverySlotIsTaken()
    {
        for (var i = 0; i < Scoreboard.Capacity; i++)
        {
            Assert.NotNull(_board.Claim());
        }

        Assert.Null(_board.Claim());
    }

    [Fact]
    public void AnotherMappingOfTheSameDescriptorSeesTheWrites()
    {
        // What a worker does: map the master's memfd by its descriptor number.
        using var worker = Scoreboard.Attach(DuplicateOf(_board.Fd));
        var index = _board.Claim()!.Value;
        _board[index].Assign(WorkerKind.Http, 1, Started);

        worker[index].Ready(pid: 99);

        Assert.Equal(99, _board[index].Read().Pid);
    }

    [Fact]
    public async Task AReaderNeverSeesHalfAnUpdate()
    {
        var slot = _board[_board.Claim()!.Value];
        slot.Assign(WorkerKind.Http, 1, Started);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (long i = 1; !stop.IsCancellationRequested; i++)
            {
                // Every request's path names its timestamp: a torn read would pair one with another's path.
                slot.BeginRequest(i, Started, "GET", $"/r/{i}");
                slot.EndRequest(i, 0, TimeSpan.Zero);
            }
        });
        var busySeen = 0;
        for (var reads = 0; reads < 200_000 || busySeen < 100; reads++)
        {
            var activity = slot.Read();
            if (activity.State == WorkerSlotState.Busy)
            {
                busySeen++;
                Assert.Equal($"/r/{activity.RequestStartedTimestamp}", activity.Path);
            }
            else
            {
                Assert.Null(activity.Path);
            }
        }
        await stop.CancelAsync();
        await writer;
    }

    /// <summary>A second descriptor of the same memory, owned by the Scoreboard that attaches it.</summary>
    private static int DuplicateOf(int fd)
    {
        var handle = File.OpenHandle($"/proc/self/fd/{fd}", FileMode.Open, FileAccess.ReadWrite);
        var duplicate = (int)handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        return duplicate;
    }
}
