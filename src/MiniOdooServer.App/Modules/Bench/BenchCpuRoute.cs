using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// <c>/bench/cpu?ms=N</c> (or its synonym <c>units=N</c>, 1 unit = 1 ms): burns exactly N ms of the serving thread's
/// CPU time (decimals allowed, at most <see cref="BenchParameter.MaxCpuMilliseconds"/>), so that load changes only
/// the wall time, and answers what it measured (<see cref="BenchAnswer.WriteWork"/>).
/// </summary>
internal sealed class BenchCpuRoute(ProcessIdentity identity, ICpuWorkload cpu, BenchDeadline deadline, ILogger log)
{
    public Task HandleAsync(HttpContext context)
    {
        if (!BenchParameter.TryReadEither(context.Request.Query, BenchParameter.CpuMilliseconds, BenchParameter.Units, out var ms, out var error))
        {
            return BenchAnswer.WriteErrorAsync(context, identity, StatusCodes.Status400BadRequest, error!);
        }
        return deadline.RunAsync(context, identity, async token =>
        {
            if (!CpuCalibration.IsMeasured)
            {
                log.LogInformation("About {Iterations} iterations make 1 ms of CPU on this machine: the thread CPU clock is read every tenth of that",
                    CpuCalibration.Current.IterationsPerMillisecond);
            }
            var started = Stopwatch.GetTimestamp();
            var work = new CpuWork();
            await cpu.RunAsync(work, TimeSpan.FromMilliseconds(ms), token);
            var elapsed = Stopwatch.GetElapsedTime(started);
            await BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer =>
            {
                writer.WriteNumber("ms", ms);
                BenchAnswer.WriteWork(writer, work.Result);
                writer.WriteNumber("elapsed_ms", Math.Round(elapsed.TotalMilliseconds, 3));
            });
        });
    }
}
