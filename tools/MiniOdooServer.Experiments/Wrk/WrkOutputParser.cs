using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniOdooServer.Experiments.Wrk;

/// <summary>
/// Reads wrk's text summary. The lines it relies on: "N requests in 1.00s, …", "Requests/sec: X", the Latency row of
/// the thread stats, and the two lines wrk prints only when something failed ("Socket errors: connect a, read b,
/// write c, timeout d" and "Non-2xx or 3xx responses: n").
/// </summary>
internal static partial class WrkOutputParser
{
    public static WrkResult Parse(string output)
    {
        var total = RequestsLine().Match(output);
        var rate = RateLine().Match(output);
        if (!total.Success || !rate.Success)
        {
            throw new FormatException("not a wrk summary (no \"N requests in\" or \"Requests/sec:\" line):\n" + output);
        }
        var latency = LatencyLine().Match(output);
        var socket = SocketErrorsLine().Match(output);
        var non2xx = Non2xxLine().Match(output);
        var answers = AnswersLine().Match(output);
        return new WrkResult(
            long.Parse(total.Groups["count"].Value, CultureInfo.InvariantCulture),
            ToSeconds(total.Groups["time"].Value, total.Groups["unit"].Value),
            double.Parse(rate.Groups["rate"].Value, CultureInfo.InvariantCulture),
            latency.Success ? ToSeconds(latency.Groups["time"].Value, latency.Groups["unit"].Value) * 1000 : double.NaN,
            socket.Success ? new[] { "connect", "read", "write", "timeout" }.Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture)) : 0,
            non2xx.Success ? long.Parse(non2xx.Groups["count"].Value, CultureInfo.InvariantCulture) : 0,
            answers.Success ? long.Parse(answers.Groups["server"].Value, CultureInfo.InvariantCulture) : null,
            answers.Success ? long.Parse(answers.Groups["foreign"].Value, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>wrk's durations: a number with us, ms, s, m or h.</summary>
    public static double ToSeconds(string number, string unit)
    {
        var value = double.Parse(number, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => value / 1_000_000,
            "ms" => value / 1000,
            "s" => value,
            "m" => value * 60,
            "h" => value * 3600,
            _ => throw new FormatException($"unknown wrk time unit '{unit}'"),
        };
    }

    [GeneratedRegex(@"^\s*(?<count>\d+) requests in (?<time>[\d.]+)(?<unit>us|ms|s|m|h),", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"^Requests/sec:\s+(?<rate>[\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RateLine();

    [GeneratedRegex(@"^\s*Latency\s+(?<time>[\d.]+)(?<unit>us|ms|s|m|h)\s", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"Socket errors: connect (?<connect>\d+), read (?<read>\d+), write (?<write>\d+), timeout (?<timeout>\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (?<count>\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"^mini-odoo answers: server (?<server>\d+), foreign (?<foreign>\d+)", RegexOptions.Multiline)]
    private static partial Regex AnswersLine();
}
