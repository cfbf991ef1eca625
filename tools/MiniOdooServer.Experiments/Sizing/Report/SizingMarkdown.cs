using System.Globalization;
using System.Text;
using MiniOdooServer.Experiments.Sizing.Log;
using MiniOdooServer.Experiments.Sizing.Sweep;

namespace MiniOdooServer.Experiments.Sizing.Report;

/// <summary>report.md: the answer first, then what was read, what was replayed, every measured point and the charts.</summary>
internal static class SizingMarkdown
{
    public static string Format(SizingRun run)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"# Sizing from {Path.GetFileName(run.LogPath)}");
        text.AppendLine();
        text.AppendLine(c, $"`{run.Command}` — {run.StartedUtc:yyyy-MM-dd HH:mm} UTC, {run.Answer.Model.Cores} cores ({run.Answer.CoresAvailable:0.00} free for spinning threads, the lower of before and after), load average before: {run.LoadBefore}, after: {run.LoadAfter}.");
        text.AppendLine();
        text.AppendLine("## Answer");
        text.AppendLine();
        text.AppendLine(run.Answer.Paragraph());
        text.AppendLine();
        text.AppendLine("| speed | smallest prefork workers measured to hold | threaded (workers = 0) holds | queueing model |");
        text.AppendLine("|---:|---|---|---|");
        foreach (var speed in run.Points.Select(p => p.Speed).Distinct().Order())
        {
            var held = run.Points.Where(p => p.Speed == speed && p.Workers > 0 && p.Holds(run.Target)).Select(p => p.Workers).DefaultIfEmpty(0).Min();
            var threaded = run.Points.Any(p => p.Speed == speed && p.Workers == 0 && p.Holds(run.Target));
            var model = run.Models.FirstOrDefault(m => m.Speed == speed);
            var differs = MeasuredAnswer.Differs(held > 0 ? held : null, model?.Workers) ? " (differs > 25 %)" : "";
            text.AppendLine(c, $"| {speed:0.##}× | {(held > 0 ? held.ToString(c) : "none of those measured")} | {(threaded ? "yes" : "no")} | {(model is null ? "—" : model.Workers?.ToString(c) ?? "none")}{differs} |");
        }
        text.AppendLine();
        text.AppendLine("## The queueing model");
        text.AppendLine();
        foreach (var model in run.Models)
        {
            text.AppendLine(model.ToText());
            text.AppendLine();
        }
        text.AppendLine(c, $"At {run.Answer.Speed:0.##}×, by workers:");
        text.AppendLine();
        text.Append(run.Answer.Model.PointsTable().AsSpan());
        text.AppendLine();
        text.AppendLine("## The log");
        text.AppendLine();
        text.AppendLine("```");
        text.Append(run.Summary.ToText().AsSpan());
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine(c, $"Replayed: the busiest {run.Window.TotalSeconds:0} s of the log (from {run.WindowStart:yyyy-MM-dd HH:mm:ss}), {run.Replayed:N0} requests, " +
            $"open loop: each request starts at its logged start time divided by the speed, whatever the server does, as " +
            $"`/bench/replay?sql_ms=&cpu_ms=&queries=` with its own figures (SQL waited in `queries` round trips, Python burnt as thread CPU " +
            $"under the GIL); latency counts from the intended start, so a queue shows. Servers: threaded with `gil = True` and prefork with the GIL " +
            $"per worker; Odoo's default `limit_time_real` (120 s).");
        text.AppendLine();
        text.AppendLine("## Every configuration");
        text.AppendLine();
        text.AppendLine("| configuration | speed | sent | answered | errors | req/s | p50 ms | p95 ms | p99 ms | over limit_time_real | peak in flight | server CPU s (replayed Python s) | worker RSS MiB | client CPU s | client late | holds |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var p in run.Points)
        {
            var r = p.Replay;
            text.AppendLine(c, $"| {p.Server.Label} | {p.Speed:0.##}× | {r.Sent} | {r.Answered} | {r.Errors} | {r.Throughput:0.0} | " +
                $"{r.Percentile(50).TotalMilliseconds:0} | {r.Percentile(95).TotalMilliseconds:0} | {r.Percentile(99).TotalMilliseconds:0} | {r.OverLimit} | {r.PeakInFlight} | " +
                $"{p.ServerCpuSeconds:0.0} ({r.CpuSeconds:0.0}) | {p.WorkerRssMiB:0} | {p.ClientCpuSeconds:0.0} | {r.ClientLate} | {(p.Holds(run.Target) ? "yes" : "no")} |");
        }
        var errors = run.Points.SelectMany(p => p.Replay.ErrorsByReason).GroupBy(e => e.Key).Select(g => $"{g.Key}: {g.Sum(e => e.Value)}").ToArray();
        if (errors.Length > 0)
        {
            text.AppendLine();
            text.AppendLine(c, $"Errors by reason (all points): {string.Join(", ", errors)}.");
        }
        if (run.Points.Sum(p => p.ForeignAnswers) is > 0 and var foreign)
        {
            text.AppendLine();
            text.AppendLine(c, $"**{foreign} answering processes were not of the server under test**: those points do not hold.");
        }
        var late = run.Points.Sum(p => p.Replay.ClientLate);
        var sent = Math.Max(1, run.Points.Sum(p => p.Replay.Sent));
        text.AppendLine();
        text.AppendLine(c, $"The client: {late:N0} of {sent:N0} requests started more than {Replay.OpenLoopReplayer.LagTolerance.TotalMilliseconds:0} ms late " +
            $"({100.0 * late / sent:0.0} %; worst {run.Points.Max(p => p.Replay.MaxClientLag).TotalMilliseconds:0} ms); its CPU: " +
            $"{run.Points.Sum(p => p.ClientCpuSeconds):0.0} s over the replays.");
        text.AppendLine();
        text.AppendLine("## Charts");
        text.AppendLine();
        text.AppendLine(c, $"![p95 by workers]({SizingCharts.P95File})");
        text.AppendLine();
        text.AppendLine(c, $"![the log's concurrency]({SizingCharts.ConcurrencyFile})");
        text.AppendLine();
        text.AppendLine(c, $"![where the time goes]({SizingCharts.TimeSplitFile})");
        text.AppendLine();
        text.AppendLine("Figures: `sizing.csv`; servers' logs: `logs/`.");
        return text.ToString();
    }
}
