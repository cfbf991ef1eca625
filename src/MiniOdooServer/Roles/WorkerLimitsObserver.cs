using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Cron;
using MiniOdooServer.App.Http;
using MiniOdooServer.Configuration.Cron;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Roles;

/// <summary>
/// Where a worker's requests or cron jobs meet its limits (<see cref="WorkerLimits"/>): each is begun and ended
/// there, a cron job showing in the slot as <c>CRON &lt;job&gt;</c>; a limit reached after one retires the worker.
/// </summary>
internal sealed class WorkerLimitsObserver(WorkerContext worker) : IRequestObserver, ICronRunObserver
{
    public void RequestStarted(HttpContext context) =>
        worker.Limits.Begin(context.Request.Method, context.Request.Path.Value ?? "/");

    public void RequestFinished(HttpContext context) => Finished();

    public void JobStarted(CronJobDefinition job, CronClaim claim) => worker.Limits.Begin(InFlightCronObserver.Method, job.Name);

    public void JobFinished(CronJobDefinition job, CronJobOutcome outcome) => Finished();

    private void Finished()
    {
        if (worker.Limits.End() is { } reason)
        {
            worker.Retire(reason);
        }
    }
}
