using System.Globalization;
using MiniOdooServer.Experiments.Matrix;

namespace MiniOdooServer.Experiments.Results;

/// <summary>
/// A claim of the experiment, whether this run's figures bear it out, and the figures that say so; not
/// <see cref="Measurable"/> when the machine could not give the cores the claim needs (then it neither holds nor fails).
/// </summary>
internal sealed record ClaimVerdict(string Claim, bool Holds, string Evidence, bool Measurable = true)
{
    public string Word => !Measurable ? "not measurable on this machine now" : Holds ? "holds" : "does not hold";
}

/// <summary>
/// Checks the project's two claims against the medians, at the lowest and highest connection counts measured.
/// Thresholds leave room for a shared 2-core machine: they test the shape (grows / flat / capped), not exact figures.
/// </summary>
internal static class ClaimCheck
{
    public const string CpuClaim = "CPU-bound throughput grows with workers and stays flat with threads under the GIL";
    public const string IoClaim = "I/O-bound throughput grows with threads and is capped by the worker count in prefork";

    /// <summary>Two workers must give at least this much more than one (the ideal on 2 cores is 2×).</summary>
    public const double WorkerGrowth = 1.5;

    /// <summary>More threads under the GIL may gain at most this much (the ideal is 1×).</summary>
    public const double GilFlatness = 1.3;

    /// <summary>Timer granularity lets a wait end a little early: a prefork server may pass its ideal cap by this factor.</summary>
    public const double CapSlack = 1.05;

    /// <summary>Cores the CPU claim needs free: two workers must be able to do <see cref="WorkerGrowth"/>× one.</summary>
    public const double CpuClaimCores = WorkerGrowth;

    /// <summary>Cores the I/O claim needs: the waits are the server's, but answering them takes some CPU.</summary>
    public const double IoClaimCores = 0.5;

    /// <summary>
    /// The verdicts; with <paramref name="coresAvailable"/> (two spinning threads' share before the run), a claim
    /// whose cores the machine could not give is "not measurable" instead.
    /// </summary>
    public static IReadOnlyList<ClaimVerdict> Check(IReadOnlyList<PointSummary> summaries, double? coresAvailable = null) =>
        [Gate(CheckCpu(summaries), CpuClaimCores, coresAvailable), Gate(CheckIo(summaries), IoClaimCores, coresAvailable)];

    private static ClaimVerdict Gate(ClaimVerdict verdict, double needed, double? available) =>
        available is { } cores && cores < needed
            ? verdict with
            {
                Holds = false,
                Measurable = false,
                Evidence = $"two spinning threads got {cores.ToString("0.00", CultureInfo.InvariantCulture)} cores before the run, " +
                           $"the claim needs {needed.ToString("0.0", CultureInfo.InvariantCulture)} (figures: {verdict.Evidence})",
            }
            : verdict;

    private static ClaimVerdict CheckCpu(IReadOnlyList<PointSummary> summaries)
    {
        var (low, high) = ConnectionRange(summaries);
        var oneWorker = Rate(summaries, "cpu", s => s.Workers == 1, high);
        var mostWorkers = summaries.Where(s => s.Server.Workers > 1).Select(s => s.Server.Workers).DefaultIfEmpty(0).Max();
        var many = Rate(summaries, "cpu", s => s.Workers == mostWorkers, high);
        // Flatness from 2 connections up when measured: with one, the CPU idles during each round trip whatever the model.
        low = summaries.Select(s => s.Connections).Where(c => c >= 2 && c < high).DefaultIfEmpty(low).Min();
        var gilLow = Rate(summaries, "cpu", s => s is { Workers: 0, Gil: true }, low);
        var gilHigh = Rate(summaries, "cpu", s => s is { Workers: 0, Gil: true }, high);
        if (oneWorker is not { } one || many is not { } most || gilLow is not { } gl || gilHigh is not { } gh || low == high)
        {
            return new ClaimVerdict(CpuClaim, false, "not measured: needs cpu with prefork 1 and more workers, threaded with gil, two connection counts");
        }
        var growth = most / one;
        var flatness = gh / gl;
        return new ClaimVerdict(CpuClaim, growth >= WorkerGrowth && flatness <= GilFlatness,
            $"at c={Int(high)} prefork {Int(mostWorkers)} does {Ratio(growth)} prefork 1 ({Rps(most)} vs {Rps(one)} req/s); " +
            $"threaded with gil does {Ratio(flatness)} from c={Int(low)} to c={Int(high)} ({Rps(gl)} → {Rps(gh)} req/s)");
    }

    private static ClaimVerdict CheckIo(IReadOnlyList<PointSummary> summaries)
    {
        var (low, high) = ConnectionRange(summaries);
        var threaded = summaries.Where(s => s.Workload.Name == "io" && s.Server.Workers == 0)
            .Select(s => s.Server).Distinct().OrderByDescending(s => s.Gil).FirstOrDefault();
        var preforks = summaries.Where(s => s.Workload.Name == "io" && s.Server.Workers > 0)
            .Select(s => s.Server).Distinct().OrderBy(s => s.Workers).ToArray();
        if (threaded is null || preforks.Length == 0 || low == high ||
            Rate(summaries, "io", s => s == threaded, low) is not { } tl || Rate(summaries, "io", s => s == threaded, high) is not { } th)
        {
            return new ClaimVerdict(IoClaim, false, "not measured: needs io with threaded and prefork, two connection counts");
        }
        // Threads: at least a quarter of the ideal growth (connections high / low).
        var threadGrowth = th / tl;
        var grows = threadGrowth >= Math.Max(2, (double)high / low / 4);
        var capped = true;
        var evidence = new List<string> { $"threaded{(threaded.Gil ? " with gil" : "")} grows {Ratio(threadGrowth)} from c={Int(low)} to c={Int(high)} ({Rps(tl)} → {Rps(th)} req/s)" };
        var io = summaries.First(s => s.Workload.Name == "io").Workload;
        foreach (var prefork in preforks)
        {
            if (Rate(summaries, "io", s => s == prefork, high) is not { } ph)
            {
                continue;
            }
            // One request at a time per worker: N workers can never pass N × 1000 / wait ms, and threads must beat them.
            var cap = prefork.Workers * io.PerWorkerCeiling;
            capped &= ph <= cap * CapSlack && ph < th;
            evidence.Add($"prefork {Int(prefork.Workers)} reaches {Rps(ph)} req/s at c={Int(high)} (cap {Int(prefork.Workers)} × {Rps(io.PerWorkerCeiling)})");
        }
        return new ClaimVerdict(IoClaim, grows && capped, string.Join("; ", evidence));
    }

    private static (int Low, int High) ConnectionRange(IReadOnlyList<PointSummary> summaries) =>
        summaries.Count == 0 ? (0, 0) : (summaries.Min(s => s.Connections), summaries.Max(s => s.Connections));

    private static double? Rate(IReadOnlyList<PointSummary> summaries, string workload, Func<ServerConfiguration, bool> server, int connections) =>
        summaries.Where(s => s.Workload.Name == workload && server(s.Server) && s.Connections == connections && s.IsMeasured)
            .Select(s => (double?)s.MedianRequestsPerSecond).FirstOrDefault();

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Rps(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ratio(double value) => value.ToString("F2", CultureInfo.InvariantCulture) + "×";
}
