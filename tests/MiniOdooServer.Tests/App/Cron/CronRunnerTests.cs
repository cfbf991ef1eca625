using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Cron;
using MiniOdooServer.Configuration.Cron;

namespace MiniOdooServer.Tests.App.Cron;

public sealed class CronRunnerTests : IAsyncDisposable
{
    private static readonly CronJobDefinition Tick = new() { Name = "tick", IntervalSeconds = 10, Action = CronAction.BusSend, Channel = "c" };
    private static readonly CronJobDefinition Daily = new() { Name = "daily", IntervalSeconds = 86400, Action = CronAction.BusGc };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCronStore _store = new();
    private readonly FakeExecutor _executor = new();
    private readonly ConcurrentLogger _log = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];

    [Fact]
    public async Task ADueJobRunsOncePerIntervalOnItsRhythm()
    {
        Start(Runner(Tick));
        await WaitUntil(() => _executor.Runs.Count == 1);

        for (var i = 2; i <= 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            await WaitUntil(() => _executor.Runs.Count == i);
        }

        var start = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal([start, start.AddSeconds(10), start.AddSeconds(20), start.AddSeconds(30)], _executor.Runs.Select(r => r.ScheduledAt));
    }

    [Fact]
    public async Task TwoRunnersOnOneStoreNeverRunAJobTwiceInOneInterval()
    {
        Start(Runner(Tick), Runner(Tick));
        await WaitUntil(() => _executor.Runs.Count == 1);
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(5);
        }
        await WaitUntil(() => _executor.Runs.Count >= 11);

        Assert.Equal(_executor.Runs.Count, _executor.Runs.Select(r => r.ScheduledAt).Distinct().Count());
    }

    [Fact]
    public async Task AFailingJobIsLoggedWithItsNameAndRetriedAtItsNextInterval()
    {
        _executor.Failure = new InvalidOperationException("disk full");
        Start(Runner(Tick));
        await WaitUntil(() => _executor.Runs.Count == 1);

        _executor.Failure = null;
        _time.Advance(TimeSpan.FromSeconds(10));
        await WaitUntil(() => _executor.Runs.Count == 2);

        Assert.Contains(_log.Messages, m => m.StartsWith("Job 'tick' failed: disk full; retried at its next call 2026-11-25T10:00:10", StringComparison.Ordinal));
        await WaitUntil(() => _log.Messages.Any(m => m.StartsWith("Job 'tick' done", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ATriggerWakesASleepingRunnerAtOnce()
    {
        var runner = Runner(Daily);
        Start(runner);
        await WaitUntil(() => _executor.Runs.Count == 1);
        await WaitUntil(() => _store.Woken is not null);

        await _store.TriggerAsync("daily", _time.GetUtcNow(), CancellationToken.None);

        await WaitUntil(() => _executor.Runs.Count == 2);
    }

    [Fact]
    public async Task InThreadedModeAJobPastTheTimeLimitIsCancelledAndLogged()
    {
        _executor.Hang = true;
        Start(Runner(Tick, timeLimit: TimeSpan.FromSeconds(3)));
        await WaitUntil(() => _executor.Runs.Count == 1);

        _time.Advance(TimeSpan.FromSeconds(3));

        await WaitUntil(() => _log.Messages.Any(m => m.StartsWith("cron job tick exceeded limit_time_real_cron (3s)", StringComparison.Ordinal)));
        // The lock is released and the next call was kept: the job runs again at its next interval, not at once.
        _executor.Hang = false;
        _time.Advance(TimeSpan.FromSeconds(7));
        await WaitUntil(() => _executor.Runs.Count == 2);
        Assert.Equal(_time.GetUtcNow(), _executor.Runs[1].ScheduledAt);
    }

    [Fact]
    public async Task AStopLetsTheRunningJobFinish()
    {
        _executor.Hang = true;
        var runner = Runner(Tick);
        var running = runner.RunAsync(_stop.Token, CancellationToken.None);
        await WaitUntil(() => _executor.Runs.Count == 1);

        await _stop.CancelAsync();
        await Task.Delay(50);
        Assert.False(running.IsCompleted);
        _executor.Release();

        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, runner.Runs);
    }

    [Fact]
    public async Task AnUnreachableStoreIsLoggedAndRetriedAndTheJobRunsOnceItAnswers()
    {
        _store.FailingClaims = 2;
        Start(Runner(Tick));

        // Each failure waits 5 s (fake time) before the next try.
        for (var i = 0; i < 200 && _executor.Runs.Count == 0; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
        await WaitUntil(() => _executor.Runs.Count >= 1);

        Assert.Equal(2, _log.Messages.Count(m => m == "cron store unavailable, retrying: cron store memory: connection refused"));
    }

    [Fact]
    public async Task ARunnerWithoutJobsStaysIdleUntilStopped()
    {
        var running = new CronRunner([], _store, _executor, NoCronRunObserver.Instance, null, _time, () => 0, _log)
            .RunAsync(_stop.Token, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        await Task.Delay(20);
        Assert.False(running.IsCompleted);

        await _stop.CancelAsync();

        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _executor.Release();
        await Task.WhenAll(_running).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private CronRunner Runner(CronJobDefinition job, TimeSpan? timeLimit = null) =>
        new([job], _store, _executor, NoCronRunObserver.Instance, timeLimit, _time, () => 0, _log);

    private void Start(params CronRunner[] runners)
    {
        var service = new CronService(runners, _store, _log);
        _running.Add(Task.Run(() => service.RunAsync(_stop.Token, CancellationToken.None)));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 10 s");
            await Task.Delay(5);
        }
    }

    private sealed class FakeExecutor : ICronJobExecutor
    {
        private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<CronClaim> RunQueue { get; } = new();

        public List<CronClaim> Runs => RunQueue.ToList();

        public Exception? Failure { get; set; }

        public bool Hang { get; set; }

        public void Release() => _release.TrySetResult();

        public async Task RunAsync(CronJobDefinition job, CronClaim claim, CancellationToken cancellationToken)
        {
            RunQueue.Enqueue(claim);
            if (Hang)
            {
                _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await _release.Task.WaitAsync(cancellationToken);
            }
            if (Failure is { } failure)
            {
                throw failure;
            }
        }
    }

    private sealed class ConcurrentLogger : ILogger
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IEnumerable<string> Messages => _messages.ToArray();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _messages.Enqueue(formatter(state, exception));
    }
}
