using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Http;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// <c>/bench/replay?sql_ms=S&amp;cpu_ms=C&amp;queries=Q</c>: one Odoo request as its access log line describes it
/// (Q queries, S ms in SQL, C ms of Python). It alternates as Odoo does, Python between queries: C is burned in Q + 1
/// equal slices of thread CPU time (under the GIL when it is on), S is waited in Q round trips without a thread (the
/// GIL released, as psycopg2 does). Decimals are allowed; the ceilings (S and C at most 10 s each, Q at most 10,000)
/// keep one request from pinning a worker for minutes. Each slice and wait aims at its share of the running total,
/// so what one overshoots the next gives back; waits under a millisecond (the timer's grain) are merged into the
/// next round trip, so the SQL total is at least S and over by one timer's lateness at most, the CPU total within 0.1 ms.
/// </summary>
internal sealed class BenchReplayRoute(ProcessIdentity identity, ICpuWorkload cpu, BenchDeadline deadline, TimeProvider time)
{
    private static readonly TimeSpan TimerGrain = TimeSpan.FromMilliseconds(1);

    public Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var errors = new List<string>();
        var sqlMs = Read(BenchParameter.ReplaySql, query, errors);
        var cpuMs = Read(BenchParameter.ReplayCpu, query, errors);
        var queries = (int)Read(BenchParameter.ReplayQueries, query, errors);
        if (errors.Count == 0 && sqlMs > 0 && queries == 0)
        {
            errors.Add($"query parameter 'queries' = '0' leaves no round trip for sql_ms = {sqlMs.ToString(CultureInfo.InvariantCulture)}: " +
                       "expected at least 1 when sql_ms is above 0");
        }
        if (errors.Count > 0)
        {
            return BenchAnswer.WriteErrorAsync(context, identity, StatusCodes.Status400BadRequest, string.Join("; ", errors));
        }
        return deadline.RunAsync(context, identity, token => ReplayAsync(context, sqlMs, cpuMs, queries, token));
    }

    private async Task ReplayAsync(HttpContext context, double sqlMs, double cpuMs, int queries, CancellationToken token)
    {
        var started = Stopwatch.GetTimestamp();
        var work = new CpuWork();
        var waited = TimeSpan.Zero;
        for (var slice = 0; slice <= queries; slice++)
        {
            await cpu.RunAsync(work, TimeSpan.FromMilliseconds(cpuMs * (slice + 1) / (queries + 1)) - work.Cpu, token);
            if (slice == queries)
            {
                break;
            }
            var due = TimeSpan.FromMilliseconds(sqlMs * (slice + 1) / queries);
            if (due - waited < TimerGrain && slice < queries - 1)
            {
                continue;
            }
            // Whole milliseconds, again if a timer ended early: the total is never short of sql_ms.
            while (waited < due)
            {
                var waiting = Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling((due - waited).TotalMilliseconds)), time, token);
                waited += Stopwatch.GetElapsedTime(waiting);
            }
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        await BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer =>
        {
            writer.WriteNumber("sql_ms", sqlMs);
            writer.WriteNumber("cpu_ms", cpuMs);
            writer.WriteNumber("queries", queries);
            writer.WriteNumber("sql_wait_ms", Math.Round(waited.TotalMilliseconds, 3));
            BenchAnswer.WriteWork(writer, work.Result);
            writer.WriteNumber("elapsed_ms", Math.Round(elapsed.TotalMilliseconds, 3));
        });
    }

    private static double Read(BenchParameter parameter, IQueryCollection query, List<string> errors)
    {
        if (parameter.TryReadNumber(query, out var value, out var error))
        {
            return value;
        }
        errors.Add(error!);
        return 0;
    }
}
