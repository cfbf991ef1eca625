using MiniOdooServer.Experiments.Matrix;

namespace MiniOdooServer.Experiments.Results;

/// <summary>
/// The accepted repeats of one point taken together: the median rate of answers from the server under test (robust
/// to one run disturbed by the shared machine), the lowest and highest, the failures of those runs, and how many runs
/// were rejected as impossible (never averaged in; a point with none accepted has no rate: NaN).
/// </summary>
internal sealed record PointSummary(
    ServerConfiguration Server,
    Workload Workload,
    int Connections,
    double MedianRequestsPerSecond,
    double MinRequestsPerSecond,
    double MaxRequestsPerSecond,
    int Repeats,
    long Errors,
    int Rejected = 0)
{
    public bool IsMeasured => !double.IsNaN(MedianRequestsPerSecond);

    /// <summary>The spread of the repeats around their median: (max - min) / median.</summary>
    public double Spread => IsMeasured && MedianRequestsPerSecond > 0 ? (MaxRequestsPerSecond - MinRequestsPerSecond) / MedianRequestsPerSecond : double.NaN;

    public static IReadOnlyList<PointSummary> From(IEnumerable<RunResult> runs) =>
    [
        .. runs.GroupBy(r => (r.Point.Server, r.Point.Workload, r.Point.Connections))
            .Select(g =>
            {
                var accepted = g.Where(r => r.Accepted).ToArray();
                var rates = accepted.Select(r => r.Wrk.ServerAnswersPerSecond).Order().ToArray();
                var rejected = g.Count(r => !r.Accepted);
                return rates.Length == 0
                    ? new PointSummary(g.Key.Server, g.Key.Workload, g.Key.Connections, double.NaN, double.NaN, double.NaN, 0, 0, rejected)
                    : new PointSummary(g.Key.Server, g.Key.Workload, g.Key.Connections, Median(rates), rates[0], rates[^1],
                        rates.Length, accepted.Sum(r => r.Wrk.SocketErrors + r.Wrk.Non2xxResponses + r.Wrk.ForeignAnswers), rejected);
            }),
    ];

    /// <summary>The middle value of sorted numbers; the mean of the two middle ones for an even count.</summary>
    public static double Median(IReadOnlyList<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
