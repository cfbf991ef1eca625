using System.Globalization;
using System.Text;

namespace MiniOdooServer.Experiments.Results;

/// <summary>
/// Every run as one CSV row (RFC 4180 quoting), for spreadsheets and re-plotting: wrk's figures, the answers that
/// named the server under test and those that did not, the server's CPU seconds, and why a run was rejected.
/// </summary>
internal static class ResultsCsv
{
    public const string Header =
        "server,workers,gil,workload,path,connections,repeat,requests,seconds,requests_per_second,latency_avg_ms,socket_errors,non_2xx," +
        "server_answers,foreign_answers,server_cpu_s,rejected";

    public static string Render(IEnumerable<RunResult> runs)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var run in runs)
        {
            var (point, wrk) = (run.Point, run.Wrk);
            string[] cells =
            [
                point.Server.Label, Number(point.Server.Workers), point.Server.Gil ? "true" : "false",
                point.Workload.Name, point.Workload.Path, Number(point.Connections), Number(point.Repeat),
                Number(wrk.Requests), Number(wrk.Seconds), Number(wrk.RequestsPerSecond), Number(wrk.LatencyAverageMs),
                Number(wrk.SocketErrors), Number(wrk.Non2xxResponses),
                wrk.ServerAnswers is { } answers ? Number(answers) : "", Number(wrk.ForeignAnswers),
                run.ServerCpuSeconds is { } cpu ? Number(cpu) : "", run.Rejection ?? "",
            ];
            text.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A cell quoted when it holds a comma, a quote or a line break; quotes doubled.</summary>
    public static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => double.IsNaN(value) ? "" : Math.Round(value, 3).ToString(CultureInfo.InvariantCulture);
}
