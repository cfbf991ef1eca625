using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Cron;
using MiniOdooServer.Configuration.Cron;

namespace MiniOdooServer.Tests.App.Cron;

public sealed class CronRunnerTests : IAsyncDisposable
{
    private static readonly CronJobDefinition Tick = new() { Name = "tick", IntervalSeconds = 10, Action = CronAction.BusSend, Channel = "c" };
    private static readonly CronJobDefinition Daily = new() { Name = "daily", IntervalSeconds = 86400, Action = CronAction.BusGc };

    private readonly SleepWatchingTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCronStore _store = new();
    private readonly FakeExecutor _executor = new();
    private readonly ConcurrentLogger _log = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];

    [Fact]
    public async Task ADueJobRunsOncePerIntervalOnItsRhythm()
    {
        Start(Runner(Tick));
        await Wait.UntilAsync(() => _executor.Runs.Count == 1);

        for (var i = 2; i <= 4; i++)
        {
            await _time.AdvanceOnceAsleepAsync(TimeSpan.FromSeconds(10));
            await Wait.UntilAsync(() => _executor.Runs.Count == i);
        }

        var start = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal([start, start.AddSeconds(10), start.AddSeconds(20), start.AddSeconds(30)], _executor.Runs.Select(r => r.ScheduledAt));
    }

    [Fact]
    public async Task TwoRunnersOnOneStoreNeverRunAJobTwiceInOneInterval()
    {
        Start(Runner(Tick), Runner(Tick));
        await Wait.UntilAsync(() => _executor.Runs.Count == 1);
        // 100 s in steps of 5, each once both runners sleep: due at 0, 10, ..., 100 s.
        for (var i = 0; i < 20; i++)
        {
            await _time.AdvanceOnceAsleepAsync(TimeSpan.FromSeconds(5), sleepers: 2);
        }
        await Wait.UntilAsync(() => _executor.Runs.Count >= 11);

        Assert.Equal(_executor.Runs.Count, _executor.Runs.Select(r => r.ScheduledAt).Distinct().Count());
    }

    [Fact]
    public async Task AFailingJobIsLoggedWithItsNameAndRetriedAtItsNextInterval()
    {
        _executor.Failure = new InvalidOperationException("disk full");
        Start(Runner(Tick));
        await Wait.UntilAsync(() => _executor.Runs.Count == 1);

        _executor.Failure = null;
        await _time.AdvanceOnceAsleepAsync(TimeSpan.FromSeconds(10));
        await Wait.UntilAsync(() => _executor.Runs.Count == 2);

        Assert.Contains(_log.Messages, m => m.StartsWith("Job 'tick' failed: disk full; retried at its next call 2026-11-25T10:00:10", StringComparison.Ordinal));
        await Wait.UntilAsync(() => _log.Messages.Any(m => m.StartsWith("Job 'tick' done", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ATriggerWakesASleepingRunnerAtOnce()
    {
        var runner = Runner(Daily);
        Start(runner);
        await Wait.UntilAsync(() => _executor.Runs.Count == 1);
        await Wait.UntilAsync(() => _store.Woken is not null);

        await _store.TriggerAsync("daily", _time.GetUtcNow(), CancellationToken.None);

        await Wait.UntilAsync(() => _executor.Runs.Count == 2);
    }

    [Fact]
    public async Task InThreadedModeAJobPastTheTimeLimitIsCancelledAndLogged()
    {
        _executor.Hang = true;
        Start(Runner(Tick, timeLimit: TimeSpan.FromSeconds(3)));
        await Wait.UntilAsync(() => _executor.Runs.Count == 1);

        _time.Advance(TimeSpan.FromSeconds(3));

        await Wait.UntilAsync(() => _log.Messages.Any(m => m.StartsWith("cron job tick exceeded limit_time_real_cron (3s)", StringComparison.Ordinal)));
        // The lock is released and the next call was kept: the job runs again at its next interval, not at once.
        _executor.Hang = false;
        await _time.AdvanceOnceAsleepAsync(TimeSpan.FromSeconds(7));
        await Wait.UntilAsync(() => _executor.Runs.Count == 2);
        Assert.Equal(_time.GetUtcNow(), _executor.Runs[1].ScheduledAt);
    }

    [Fact]
    public async Task AStopLetsTheRunningJobFinish()
    {
        _executor.Hang = true;
        var runner = Runner(Tick);
        var running = runner.RunAsync(_stop.Token, CancellationToken.None);
        await Wait.UntilAsync(() => _executor.Runs.Count == 1);

        await _stop.CancelAsync();
        // The job runs on: its token is not cancelled by a graceful stop, and it holds the runner until it ends.
        Assert.False(_executor.Token.IsCancellationRequested);
        Assert.False(running.IsCompleted);
        _executor.Release();

        await running.Within();
        Assert.Equal(1, runner.Runs);
    }

    [Fact]
    public async Task AnUnreachableStoreIsLoggedAndRetriedAndTheJobRunsOnceItAnswers()
    {
        _store.FailingClaims = 2;
        Start(Runner(Tick));

        // Each failure waits 5 s (fake time) before the next try: a second at a time, while the runner sleeps.
        await Wait.UntilAsync(() =>
        {
            if (_time.Sleepers > 0)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }
            return _executor.Runs.Count >= 1;
        }, "the job runs once the store answers");

        Assert.Equal(2, _log.Messages.Count(m => m == "cron store unavailable, retrying: cron store memory: connection refused"));
    }

    [Fact]
    public async Task ARunnerWithoutJobsStaysIdleUntilStopped()
    {
        var running = new CronRunner([], _store, _executor, NoCronRunObserver.Instance, null, _time, () => 0, _log)
            .RunAsync(_stop.Token, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        // No timer to wake it: it waits for the stop alone.
        Assert.Equal(0, _time.Sleepers);
        Assert.False(running.IsCompleted);

        await _stop.CancelAsync();

        await running.Within();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _executor.Release();
        await Task.WhenAll(_running).Within();
    }

    private CronRunner Runner(CronJobDefinition job, TimeSpan? timeLimit = null) =>
        new([job], _store, _executor, NoCronRunObserver.Instance, timeLimit, _time, () => 0, _log);

    private void Start(params CronRunner[] runners)
    {
        var service = new CronService(runners, _store, _log);
        _running.Add(Task.Run(() => service.RunAsync(_stop.Token, CancellationToken.None)));
    }

    private sealed class FakeExecutor : ICronJobExecutor
    {
        private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<CronClaim> RunQueue { get; } = new();

        public List<CronClaim> Runs => RunQueue.ToList();

        public Exception? Failure { get; set; }

        public bool Hang { get; set; }

        /// <summary>The token of the latest run.</summary>
        public CancellationToken Token { get; private set; }

        public void Release() => _release.TrySetResult();

        public async Task RunAsync(CronJobDefinition job, CronClaim claim, CancellationToken cancellationToken)
        {
            Token = cancellationToken;
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
