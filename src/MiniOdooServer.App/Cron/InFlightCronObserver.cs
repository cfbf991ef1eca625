using System.Collections.Concurrent;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.Configuration.Cron;

namespace MiniOdooServer.App.Cron;

/// <summary>Threaded mode: running jobs join the in-flight list as <c>CRON &lt;job&gt;</c>, so that SIGQUIT shows them too.</summary>
public sealed class InFlightCronObserver(InFlightRequests inFlight) : ICronRunObserver
{
    public const string Method = "CRON";

    private readonly ConcurrentDictionary<string, long> _running = new(StringComparer.Ordinal);

    public void JobStarted(CronJobDefinition job, CronClaim claim) => _running[job.Name] = inFlight.Begin(Method, job.Name);

    public void JobFinished(CronJobDefinition job, CronJobOutcome outcome)
    {
        if (_running.TryRemove(job.Name, out var id))
        {
            inFlight.End(id);
        }
    }
}
