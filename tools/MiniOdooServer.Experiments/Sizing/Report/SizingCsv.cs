using System.Globalization;
using System.Text;
using MiniOdooServer.Experiments.Sizing.Sweep;

namespace MiniOdooServer.Experiments.Sizing.Report;

/// <summary>sizing.csv: one row per configuration and speed, every figure the report draws on.</summary>
internal static class SizingCsv
{
    public const string Header =
        "configuration,workers,gil,speed,sent,answered,errors,throughput_rps,p50_ms,p95_ms,p99_ms,max_ms,mean_ms," +
        "over_limit_time_real,peak_in_flight,server_cpu_s,replayed_cpu_s,client_cpu_s,client_late,max_client_lag_ms," +
        "worker_rss_mib,sql_ms_mean,python_ms_mean,wait_ms_mean,foreign_answers,holds_target";

    public static string Format(IReadOnlyList<SweepPoint> points, TimeSpan target)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var p in points)
        {
            var r = p.Replay;
            var (sql, python, wait) = p.TimeSplit;
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"\"{p.Server.Label}\",{p.Workers},{(p.Server.Gil ? 1 : 0)},{p.Speed:0.###},{r.Sent},{r.Answered},{r.Errors},{r.Throughput:0.00}," +
                $"{Ms(r.Percentile(50))},{Ms(r.Percentile(95))},{Ms(r.Percentile(99))},{Ms(r.Percentile(100))},{Ms(r.Mean)}," +
                $"{r.OverLimit},{r.PeakInFlight},{p.ServerCpuSeconds:0.000},{r.CpuSeconds:0.000},{p.ClientCpuSeconds:0.000},{r.ClientLate},{Ms(r.MaxClientLag)}," +
                $"{p.WorkerRssMiB:0.0},{sql:0.00},{python:0.00},{wait:0.00},{p.ForeignAnswers},{(p.Holds(target) ? 1 : 0)}\n"));
        }
        return text.ToString();
    }

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
}
