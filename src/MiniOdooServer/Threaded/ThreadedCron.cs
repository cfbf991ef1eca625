using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Cron;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.Logging;

namespace MiniOdooServer.Threaded;

/// <summary>
/// Threaded mode's cron: <c>max_cron_threads</c> runners in the server process. A thread cannot be killed, so
/// limit_time_real_cron cancels the job's token instead (the job ends at its next await or CPU unit) and the runner
/// logs it. A stop lets running jobs finish within the graceful stop time, then cancels them.
/// </summary>
internal sealed class ThreadedCron : IAsyncDisposable
{
    private readonly IBusStore _bus;
    private readonly ICronStore _store;
    private readonly HttpClient _http = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _running;

    private ThreadedCron(ServerOptions options, LoggingSession logging)
    {
        var time = TimeProvider.System;
        var log = logging.CreateLogger(LoggerNames.Cron);
        _bus = BusStoreFactory.Create(options, time, logging.CreateLogger(LoggerNames.Bus));
        _store = CronStoreFactory.Create(options, time, log);
        var executor = new CronJobExecutor(_bus, options, ProcessIdentity.Current("threaded", 0), _http, time, log);
        var limit = options.Limits.EffectiveTimeRealCron > 0 ? TimeSpan.FromSeconds(options.Limits.EffectiveTimeRealCron) : (TimeSpan?)null;
        var jobs = CronJobSelection.Runnable(options);
        var runners = Enumerable.Range(0, options.MaxCronThreads)
            .Select(_ => new CronRunner(jobs, _store, executor, new InFlightCronObserver(InFlight), limit, time, Random.Shared.NextDouble, log))
            .ToArray();
        CronService.LogJobs(log, options.CronJobs, $"{options.MaxCronThreads} cron thread(s), store {_store.Description}");
        _running = new CronService(runners, _store, log).RunAsync(_stop.Token, _abort.Token);
    }

    /// <summary>The jobs running now, for SIGQUIT.</summary>
    public InFlightRequests InFlight { get; } = new(TimeProvider.System);

    /// <summary>Starts the runners; null when max_cron_threads is 0.</summary>
    public static ThreadedCron? Start(ServerOptions options, LoggingSession logging) =>
        options.MaxCronThreads > 0 ? new ThreadedCron(options, logging) : null;

    /// <summary>No new job; running ones get <paramref name="grace"/> (infinite: wait) before they are cancelled.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        await _stop.CancelAsync();
        if (await Task.WhenAny(_running, Task.Delay(grace)) != _running)
        {
            await _abort.CancelAsync();
        }
        await _running;
    }

    /// <summary>A forced shutdown: running jobs are cancelled now.</summary>
    public void Abort() => _abort.Cancel();

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero);
        await _store.DisposeAsync();
        await _bus.DisposeAsync();
        _http.Dispose();
        _stop.Dispose();
        _abort.Dispose();
    }
}
