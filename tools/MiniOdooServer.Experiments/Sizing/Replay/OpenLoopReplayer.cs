using System.Collections.Concurrent;
using HdrHistogram;

namespace MiniOdooServer.Experiments.Sizing.Replay;

/// <summary>
/// Replays a schedule open-loop: each request is sent at its own offset whether or not earlier ones were answered
/// (unlike wrk's closed loop, where a slow server slows the client and hides its queue), and its latency is taken from
/// the offset it was due at, not from when it went out (no coordinated omission). A request the loop could only start
/// more than <see cref="LagTolerance"/> late is counted as client lag. After the last send, answers are awaited for
/// at most the drain time; what is still out then is cancelled and counted as an error at its age. <c>stop</c> (Ctrl+C)
/// ends the sending and the drain at once.
/// </summary>
internal sealed class OpenLoopReplayer(IReplaySender sender, TimeProvider time)
{
    public static readonly TimeSpan LagTolerance = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan SpinBelow = TimeSpan.FromMilliseconds(1);

    public async Task<ReplayResult> RunAsync(
        IReadOnlyList<ReplayRequest> schedule,
        TimeSpan limitTimeReal,
        TimeSpan drain,
        Action<ReplayProgress>? progress = null,
        TimeSpan? progressEvery = null,
        CancellationToken stop = default)
    {
        var histogram = new LongConcurrentHistogram(1, (long)TimeSpan.FromHours(1).TotalMicroseconds, 3);
        var errors = new ConcurrentDictionary<string, int>();
        var processes = new ConcurrentDictionary<int, string>();
        int sent = 0, answered = 0, failed = 0, inFlight = 0, peak = 0, overLimit = 0, late = 0;
        long maxLagTicks = 0, lastAnswer = 0;
        double sql = 0, cpu = 0;
        using var abandon = new CancellationTokenSource();
        var origin = time.GetTimestamp();

        long TimestampAt(TimeSpan offset) => origin + (long)(offset.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);

        void Record(TimeSpan latency) => histogram.RecordValue(Math.Clamp((long)latency.TotalMicroseconds, 1, histogram.HighestTrackableValue));

        async Task SendOne(ReplayRequest request)
        {
            var intended = TimestampAt(request.Offset);
            var now = Interlocked.Increment(ref inFlight);
            for (var seen = Volatile.Read(ref peak); now > seen && Interlocked.CompareExchange(ref peak, now, seen) != seen; seen = Volatile.Read(ref peak))
            {
            }
            ReplayAnswer answer;
            try
            {
                answer = await sender.SendAsync(request, abandon.Token);
            }
            catch (OperationCanceledException)
            {
                answer = ReplayAnswer.Failed(0, "unanswered when the replay ended");
            }
            var latency = time.GetElapsedTime(intended);
            Record(latency);
            if (latency > limitTimeReal)
            {
                Interlocked.Increment(ref overLimit);
            }
            if (answer.Ok)
            {
                Interlocked.Increment(ref answered);
                processes.TryAdd(answer.Pid, answer.Role!);
            }
            else
            {
                Interlocked.Increment(ref failed);
                errors.AddOrUpdate(answer.Error ?? "error", 1, (_, n) => n + 1);
            }
            var finished = time.GetTimestamp();
            for (var seen = Volatile.Read(ref lastAnswer); finished > seen && Interlocked.CompareExchange(ref lastAnswer, finished, seen) != seen; seen = Volatile.Read(ref lastAnswer))
            {
            }
            Interlocked.Decrement(ref inFlight);
        }

        ReplayProgress Snapshot() => new(time.GetElapsedTime(origin), Volatile.Read(ref sent), Volatile.Read(ref answered),
            Volatile.Read(ref failed), histogram.TotalCount == 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds(histogram.GetValueAtPercentile(95)));

        var every = progressEvery ?? TimeSpan.FromSeconds(1);
        var nextProgress = every;
        var outstanding = new List<Task>(schedule.Count);
        foreach (var request in schedule)
        {
            var wait = request.Offset - time.GetElapsedTime(origin);
            if (wait >= SpinBelow)
            {
                try
                {
                    await Task.Delay(wait, time, stop);
                }
                catch (OperationCanceledException)
                {
                }
            }
            if (stop.IsCancellationRequested)
            {
                break; // interrupted: what is out is abandoned below, at once
            }
            var lag = time.GetElapsedTime(origin) - request.Offset;
            if (lag > LagTolerance)
            {
                late++;
            }
            maxLagTicks = Math.Max(maxLagTicks, lag.Ticks);
            sql += request.SqlMs / 1000;
            cpu += request.CpuMs / 1000;
            Interlocked.Increment(ref sent);
            outstanding.Add(SendOne(request));
            if (progress is not null && time.GetElapsedTime(origin) >= nextProgress)
            {
                progress(Snapshot());
                nextProgress += every;
            }
        }

        var all = Task.WhenAll(outstanding);
        var drainEnds = time.GetTimestamp();
        while (!all.IsCompleted)
        {
            var left = stop.IsCancellationRequested ? TimeSpan.Zero : drain - time.GetElapsedTime(drainEnds);
            if (left <= TimeSpan.Zero)
            {
                await abandon.CancelAsync();
                break;
            }
            await Task.WhenAny(all, Task.Delay(left < every ? left : every, time));
            progress?.Invoke(Snapshot());
        }
        await all;

        var ended = Volatile.Read(ref lastAnswer);
        return new ReplayResult(
            sent, answered, failed, new Dictionary<string, int>(errors), histogram,
            ended == 0 ? TimeSpan.Zero : time.GetElapsedTime(origin, ended),
            peak, overLimit, late, TimeSpan.FromTicks(maxLagTicks),
            new Dictionary<int, string>(processes), sql, cpu);
    }
}
