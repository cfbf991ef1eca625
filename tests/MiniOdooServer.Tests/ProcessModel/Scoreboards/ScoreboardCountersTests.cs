using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Scoreboards;

/// <summary>Counters in the scoreboard: per slot while the worker lives, folded into the retired block when it is released.</summary>
public sealed class ScoreboardCountersTests : IDisposable
{
    private static readonly DateTimeOffset Started = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000);

    private readonly Scoreboard _board = Scoreboard.Create();

    public void Dispose() => _board.Dispose();

    [Fact]
    public void ARequestIsCountedByModuleStatusClassAndDurationBucket()
    {
        var slot = Occupied(WorkerKind.Http);

        slot.Counters.Record(module: 3, statusCode: 200, elapsedMicroseconds: 800);
        slot.Counters.Record(module: 3, statusCode: 404, elapsedMicroseconds: 30_000);
        slot.Counters.Record(module: 1, statusCode: 503, elapsedMicroseconds: 90_000_000);

        var totals = _board.Snapshot().Totals;
        Assert.Equal(1, totals.RequestCount(3, 1));
        Assert.Equal(1, totals.RequestCount(3, 3));
        Assert.Equal(1, totals.RequestCount(1, 4));
        Assert.Equal(3, totals.TotalRequests);
        Assert.Equal(1, totals.BucketCounts[0]); // ≤ 1 ms
        Assert.Equal(1, totals.BucketCounts[4]); // ≤ 50 ms
        Assert.Equal(1, totals.BucketCounts[^1]); // above a minute
        Assert.Equal(90_030_800, totals.BucketSumsMicroseconds.Sum());
    }

    [Theory]
    [InlineData(101, 0)]
    [InlineData(200, 1)]
    [InlineData(302, 2)]
    [InlineData(429, 3)]
    [InlineData(599, 4)]
    [InlineData(0, 4)]
    [InlineData(700, 4)]
    public void StatusCodesFallInTheirClass(int statusCode, int statusClass) =>
        Assert.Equal(statusClass, RequestCounters.ClassOf(statusCode));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1_000, 0)]
    [InlineData(1_001, 1)]
    [InlineData(60_000_000, 11)]
    [InlineData(60_000_001, 12)]
    public void DurationsFallInTheBucketOfTheirUpperBound(long microseconds, int bucket) =>
        Assert.Equal(bucket, RequestCounters.BucketOf(microseconds));

    [Fact]
    public void ReleasingASlotFoldsItsCountersIntoTheRetiredTotals()
    {
        var index = _board.Claim()!.Value;
        _board[index].Assign(WorkerKind.Http, 1, Started);
        _board[index].Counters.Record(1, 200, 10);
        _board[index].Counters.Record(1, 200, 10);
        _board[index].Counters.BusMessagePublished();
        _board[index].Counters.RequestQueued();
        var survivor = Occupied(WorkerKind.Http);
        survivor.Counters.Record(1, 200, 10);
        survivor.Counters.RequestQueued();

        _board.Release(index);

        var snapshot = _board.Snapshot();
        Assert.Equal(3, snapshot.Totals.RequestCount(1, 1));
        Assert.Equal(2, snapshot.Retired.RequestCount(1, 1));
        Assert.Equal(1, snapshot.Totals.BusMessagesPublished);
        Assert.Equal(2, snapshot.Totals.RequestsQueued);
        Assert.Single(snapshot.Slots);
        // The next occupant of the slot starts from zero: nothing is counted twice.
        var reused = _board.Claim()!.Value;
        Assert.Equal(index, reused);
        _board[reused].Assign(WorkerKind.Http, 1, Started);
        Assert.Equal(3, _board.Snapshot().Totals.RequestCount(1, 1));
    }

    [Fact]
    public async Task TotalsNeverGoDownNorCountTwiceWhileWorkersCountAndExit()
    {
        using var stop = new CancellationTokenSource();
        var recorded = 0L;
        // A worker counts requests, then the master folds its slot on exit; again and again. In bursts: a reader
        // retries a snapshot the master changed under it, and a master folding without a pause would starve it for
        // ever (a real master folds once per worker exit).
        var churn = Task.Run(() =>
        {
            for (var cycle = 1; !stop.IsCancellationRequested; cycle++)
            {
                if (cycle % 8 == 0)
                {
                    Thread.Sleep(1);
                }
                var index = _board.Claim()!.Value;
                _board[index].Assign(WorkerKind.Http, 1, Started);
                for (var i = 0; i < 5; i++)
                {
                    _board[index].Counters.Record(1, 200, 10);
                    Interlocked.Increment(ref recorded);
                }
                _board.Release(index);
            }
        });
        var last = 0L;
        var problems = new List<string>();
        try
        {
            for (var reads = 0; reads < 5_000 && problems.Count == 0; reads++)
            {
                var before = Interlocked.Read(ref recorded);
                var total = _board.Snapshot().Totals.TotalRequests;
                var after = Interlocked.Read(ref recorded);
                // One request may be counted and not yet tallied by the churn thread: hence + 1.
                if (total < last || total < before || total > after + 1)
                {
                    problems.Add($"read {total} after {last}, recorded between {before} and {after}");
                }
                last = total;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await churn;
        }
        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    [Fact]
    public void ThePreviousOccupantNoteOutlivesTheSlotsClearing()
    {
        var index = _board.Claim()!.Value;
        _board.WriteHeader(_ => _board[index].NotePrevious(4321, WorkerKind.Http, 2, Started, "limit_request"));
        _board.Release(index);
        _board.Claim();
        _board[index].Assign(WorkerKind.Http, 2, Started);

        var previous = Assert.Single(_board.Snapshot().Slots).Previous;

        Assert.Equal(new PreviousOccupant(4321, WorkerKind.Http, 2, Started, "limit_request"), previous);
    }

    [Fact]
    public void TheBoardNamesItsCreatorAndLayoutForReadersOfOtherBuilds()
    {
        Assert.Equal(Environment.ProcessId, _board.Header.ServerPid);
        Assert.Equal(Scoreboard.Layout, _board.Header.Layout);
    }

    [Fact]
    public void TheLongpollingWorkersConnectionsAreShown()
    {
        var slot = Occupied(WorkerKind.LongPolling);

        slot.SetConnections(1234);

        Assert.Equal(1234, Assert.Single(_board.Snapshot().Slots).Connections);
    }

    private WorkerSlot Occupied(WorkerKind kind)
    {
        var slot = _board[_board.Claim()!.Value];
        slot.Assign(kind, 1, Started);
        slot.Ready(1000);
        return slot;
    }
}
