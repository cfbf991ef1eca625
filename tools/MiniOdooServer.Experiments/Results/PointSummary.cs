using MiniOdooServer.Experiments.Matrix;

namespace MiniOdooServer.Experiments.Results;

/// <summary>
/// The repeats of one point taken together: the median rate (robust to one run disturbed by the shared machine),
/// the lowest and highest, and the failures of all repeats.
/// </summary>
internal sealed record PointSummary(
    ServerConfiguration Server,
    Workload Workload,
    int Connections,
    double MedianRequestsPerSecond,
    double MinRequestsPerSecond,
    double MaxRequestsPerSecond,
    int Repeats,
    long Errors)
{
    public static IReadOnlyList<PointSummary> From(IEnumerable<RunResult> runs) =>
    [
        .. runs.GroupBy(r => (r.Point.Server, r.Point.Workload, r.Point.Connections))
            .Select(g =>
            {
                var rates = g.Select(r => r.Wrk.RequestsPerSecond).Order().ToArray();
                return new PointSummary(g.Key.Server, g.Key.Workload, g.Key.Connections, Median(rates), rates[0], rates[^1],
                    rates.Length, g.Sum(r => r.Wrk.SocketErrors + r.Wrk.Non2xxResponses));
            }),
    ];

    /// <summary>The middle value of sorted numbers; the mean of the two middle ones for an even count.</summary>
    public static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
