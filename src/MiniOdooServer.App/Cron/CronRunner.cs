using Microsoft.Extensions.Logging;
using MiniOdooServer.Configuration.Cron;

namespace MiniOdooServer.App.Cron;

/// <summary>
/// One cron thread (threaded mode) or the loop of one cron worker process: claim a due job in the store, run it,
/// release it; when nothing is due, sleep until the next call (with jitter) or until a trigger wakes it. It knows
/// nothing of processes: the store, the actions, time and the observer are injected.
/// </summary>
public sealed partial class CronRunner
{
    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyDictionary<string, CronJobDefinition> _jobs;
    private readonly IReadOnlyDictionary<string, TimeSpan> _intervals;
    private readonly ICronStore _store;
    private readonly ICronJobExecutor _executor;
    private readonly ICronRunObserver _observer;
    private readonly TimeSpan? _timeLimit;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _woken = new(0, 1);

    /// <param name="jobs">The active jobs this runner may run.</param>
    /// <param name="timeLimit">
    /// Cancel a job past this wall time (limit_time_real_cron in threaded mode); null when something else enforces it
    /// (a cron worker's master kills it) or there is no limit.
    /// </param>
    public CronRunner(
        IEnumerable<CronJobDefinition> jobs, ICronStore store, ICronJobExecutor executor, ICronRunObserver observer,
        TimeSpan? timeLimit, TimeProvider time, Func<double> random, ILogger log)
    {
        _jobs = jobs.ToDictionary(j => j.Name, StringComparer.Ordinal);
        _intervals = _jobs.ToDictionary(pair => pair.Key, pair => pair.Value.Interval, StringComparer.Ordinal);
        _store = store;
        _executor = executor;
        _observer = observer;
        _timeLimit = timeLimit;
        _time = time;
        _random = random;
        _log = log;
    }

    /// <summary>Runs done, failed or stopped since start.</summary>
    public int Runs { get; private set; }

    /// <summary>Ends the current sleep: a job may have been triggered.</summary>
    public void Wake()
    {
        try
        {
            _woken.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending.
        }
    }

    /// <summary>
    /// Loops until <paramref name="stop"/>: a running job is finished first (a graceful stop). <paramref name="abortJob"/>
    /// cancels the running job too.
    /// </summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abortJob)
    {
        if (_jobs.Count == 0)
        {
            // No job declared: stay idle (a cron worker that exited would be respawned in a loop), as Odoo's do.
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, _time, stop);
            }
            catch (OperationCanceledException)
            {
            }
            return;
        }
        var declared = false;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                if (!declared)
                {
                    await _store.EnsureJobsAsync(_jobs.Keys.ToArray(), _time.GetUtcNow(), stop);
                    declared = true;
                }
                var now = _time.GetUtcNow();
                if (await _store.TryClaimAsync(_intervals, now, stop) is { } claim)
                {
                    await RunClaimAsync(_jobs[claim.Name], claim, abortJob);
                    continue; // another job may be due
                }
                wait = CronPolling.Delay(await _store.NextCallAsync(_intervals.Keys.ToArray(), stop), now, _random());
            }
            catch (CronStoreUnavailableException e)
            {
                LogStoreError(e.Message);
                wait = StoreRetry;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store answering something unexpected must not end the cron thread for good.
                LogRunnerError(e.GetType().Name, e.Message);
                wait = StoreRetry;
            }
            await SleepAsync(wait, stop);
        }
    }

    private async Task RunClaimAsync(CronJobDefinition job, CronClaim claim, CancellationToken abortJob)
    {
        var outcome = CronJobOutcome.Done;
        using var limit = _timeLimit is { } timeLimit ? new CancellationTokenSource(timeLimit, _time) : new CancellationTokenSource();
        using var token = CancellationTokenSource.CreateLinkedTokenSource(abortJob, limit.Token);
        var started = _time.GetTimestamp();
        _observer.JobStarted(job, claim);
        LogStarting(job.Name);
        try
        {
            await _executor.RunAsync(job, claim, token.Token);
            LogDone(job.Name, _time.GetElapsedTime(started).TotalSeconds);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            outcome = CronJobOutcome.TimedOut;
            LogTimedOut(job.Name, (int)_timeLimit!.Value.TotalSeconds, claim.NextCall);
        }
        catch (OperationCanceledException) when (abortJob.IsCancellationRequested)
        {
            outcome = CronJobOutcome.Interrupted;
            LogInterrupted(job.Name);
        }
        catch (Exception e)
        {
            // Any failure of the action: logged with the job's name, never the end of the runner.
            outcome = CronJobOutcome.Failed;
            LogFailed(job.Name, e.Message, claim.NextCall);
        }
        finally
        {
            Runs++;
            try
            {
                await claim.ReleaseAsync();
            }
            catch (CronStoreUnavailableException e)
            {
                // The lock expires or dies with its owner; the job is not lost.
                LogStoreError(e.Message);
            }
            _observer.JobFinished(job, outcome);
        }
    }

    private async Task SleepAsync(TimeSpan wait, CancellationToken stop)
    {
        try
        {
            using var timeout = new CancellationTokenSource(wait, _time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
            await _woken.WaitAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Job '{Job}' starting")]
    private partial void LogStarting(string job);

    [LoggerMessage(2, LogLevel.Information, "Job '{Job}' done in {Seconds:0.000}s")]
    private partial void LogDone(string job, double seconds);

    [LoggerMessage(3, LogLevel.Error, "cron job {Job} exceeded limit_time_real_cron ({Limit}s): cancelled; next call {NextCall:O}")]
    private partial void LogTimedOut(string job, int limit, DateTimeOffset nextCall);

    [LoggerMessage(4, LogLevel.Warning, "Job '{Job}' interrupted: the server is stopping")]
    private partial void LogInterrupted(string job);

    [LoggerMessage(5, LogLevel.Error, "Job '{Job}' failed: {Reason}; retried at its next call {NextCall:O}")]
    private partial void LogFailed(string job, string reason, DateTimeOffset nextCall);

    [LoggerMessage(7, LogLevel.Error, "cron runner error, retrying: {Type}: {Reason}")]
    private partial void LogRunnerError(string type, string reason);

    [LoggerMessage(6, LogLevel.Warning, "cron store unavailable, retrying: {Reason}")]
    private partial void LogStoreError(string reason);
}
