using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Http;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// <c>/bench/mixed?units=N&amp;ms=M</c>: N ms of thread CPU time (1 unit = 1 ms), then an M ms wait without a thread,
/// as a typical Odoo request computes then waits on the database. Under <c>gil = True</c> the wait happens with the
/// lock released. <c>/bench/replay</c> models a request's interleaving more closely.
/// </summary>
internal sealed class BenchMixedRoute(ProcessIdentity identity, ICpuWorkload cpu)
{
    public async Task HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var unitsRead = BenchParameter.Units.TryReadNumber(query, out var units, out var unitsError);
        var msRead = BenchParameter.Milliseconds.TryRead(query, out int ms, out var msError);
        if (!unitsRead || !msRead)
        {
            var message = string.Join("; ", new[] { unitsError, msError }.OfType<string>());
            await BenchAnswer.WriteErrorAsync(context, identity, StatusCodes.Status400BadRequest, message);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var work = new CpuWork();
        await cpu.RunAsync(work, TimeSpan.FromMilliseconds(units), cancellationToken);
        var computed = Stopwatch.GetElapsedTime(started);
        await Task.Delay(ms, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer =>
        {
            writer.WriteNumber("units", units);
            writer.WriteNumber("ms", ms);
            BenchAnswer.WriteWork(writer, work.Result);
            writer.WriteNumber("compute_elapsed_ms", Math.Round(computed.TotalMilliseconds, 3));
            writer.WriteNumber("elapsed_ms", Math.Round(elapsed.TotalMilliseconds, 3));
        });
    }
}
