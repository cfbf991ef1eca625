using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.Experiments.Sizing.Replay;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class OpenLoopReplayerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task LatencyRunsFromTheIntendedStartWhenTheClientSendsLate()
    {
        var time = new FakeTimeProvider();
        var sender = new InstantSender();
        var run = new OpenLoopReplayer(sender, time).RunAsync([At(0), At(100), At(200)], Limit, Drain);

        // The loop waits for 100 ms and only wakes at 500 ms: requests due at 100 and 200 ms go out 400 and 300 ms late.
        time.Advance(TimeSpan.FromMilliseconds(500));
        var result = await run;

        Assert.Equal(3, result.Answered);
        Assert.Equal(400, result.Percentile(100).TotalMilliseconds, 0.5);
        Assert.Equal(300, result.Percentile(50).TotalMilliseconds, 0.5);
        Assert.Equal(2, result.ClientLate);
        Assert.Equal(TimeSpan.FromMilliseconds(400), result.MaxClientLag);
    }

    [Fact]
    public async Task RequestsGoOutAtTheirOffsetsWithoutWaitingForEarlierAnswers()
    {
        var time = new FakeTimeProvider();
        var sender = new HeldSender();
        var run = new OpenLoopReplayer(sender, time).RunAsync([At(0), At(100)], Limit, Drain);
        await Wait.UntilAsync(() => sender.Calls == 1);

        time.Advance(TimeSpan.FromMilliseconds(100));
        await Wait.UntilAsync(() => sender.Calls == 2); // the first is still unanswered: an open loop sends anyway
        time.Advance(TimeSpan.FromMilliseconds(200));
        sender.AnswerAll();
        var result = await run;

        Assert.Equal(2, result.Answered);
        Assert.Equal(2, result.PeakInFlight);
        Assert.Equal(300, result.Percentile(100).TotalMilliseconds, 0.5); // the first: due at 0, answered at 300 ms
        Assert.Equal(200, result.Percentile(0).TotalMilliseconds, 0.5);   // the second: due at 100 ms
        Assert.Equal(0, result.ClientLate);
        Assert.Equal(TimeSpan.FromMilliseconds(300), result.Wall);
    }

    [Fact]
    public async Task AtTwiceTheSpeedTheSameRequestsGoOutInHalfTheTime()
    {
        var time = new FakeTimeProvider();
        var sender = new InstantSender();
        var schedule = MiniOdooServer.Experiments.Sizing.Sweep.SizingSweep.Scaled([At(0), At(100), At(200)], speed: 2);
        var run = new OpenLoopReplayer(sender, time).RunAsync(schedule, Limit, Drain);

        time.Advance(TimeSpan.FromMilliseconds(50));
        await Wait.UntilAsync(() => sender.Calls == 2);
        Assert.Equal(2, sender.Calls); // the third is due at 100 ms, not yet
        time.Advance(TimeSpan.FromMilliseconds(50));
        var result = await run;

        Assert.Equal(3, result.Answered);
        Assert.Equal(0, result.ClientLate);
        Assert.Equal(0.6, result.CpuSeconds, 6); // the work per request is not scaled
    }

    [Fact]
    public async Task WhatIsUnansweredAfterTheDrainIsAnErrorAtItsAge()
    {
        var time = new FakeTimeProvider();
        var sender = new HeldSender();
        var run = new OpenLoopReplayer(sender, time).RunAsync([At(0)], TimeSpan.FromSeconds(5), Drain);
        await Wait.UntilAsync(() => sender.Calls == 1);

        // A second of fake time per look, until the drain has given up on it.
        await Wait.UntilAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return run.IsCompleted;
        }, "the replay ends");
        var result = await run;

        Assert.Equal(0, result.Answered);
        Assert.Equal(1, result.Errors);
        Assert.Equal(1, result.OverLimit);
        Assert.True(result.ErrorsByReason.ContainsKey("unanswered when the replay ended"));
        Assert.True(result.Percentile(100) >= Drain);
    }

    private static ReplayRequest At(int ms) => new(TimeSpan.FromMilliseconds(ms), SqlMs: 100, CpuMs: 200, Queries: 2);

    private sealed class InstantSender : IReplaySender
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<ReplayAnswer> SendAsync(ReplayRequest request, CancellationToken cancellation)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(ReplayAnswer.Served(200, 42, "worker"));
        }
    }

    /// <summary>Answers only when told to (or fails when the replay gives up on it).</summary>
    private sealed class HeldSender : IReplaySender
    {
        private readonly ConcurrentQueue<TaskCompletionSource<ReplayAnswer>> _held = new();
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<ReplayAnswer> SendAsync(ReplayRequest request, CancellationToken cancellation)
        {
            var answer = new TaskCompletionSource<ReplayAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
            cancellation.Register(() => answer.TrySetCanceled(cancellation));
            _held.Enqueue(answer);
            Interlocked.Increment(ref _calls);
            return answer.Task;
        }

        public void AnswerAll()
        {
            foreach (var answer in _held)
            {
                answer.TrySetResult(ReplayAnswer.Served(200, 42, "worker"));
            }
        }
    }
}
