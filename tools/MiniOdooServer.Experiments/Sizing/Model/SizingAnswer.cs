using System.Globalization;
using System.Text;

namespace MiniOdooServer.Experiments.Sizing.Model;

/// <summary>
/// The model's answer for one speed: the fewest workers whose p95 at the log's busiest window × speed stays within the
/// target on <see cref="Cores"/> cores (null when none up to <see cref="CapacityPlanner.MaxWorkers"/> does, e.g. when
/// the cores are too few), the cores that traffic needs, and Odoo's rule of thumb beside them.
/// </summary>
/// <param name="CoresNeeded">Python seconds per second in the busiest window × speed: the CPU that traffic keeps busy.</param>
/// <param name="MeanCoresNeeded">The same over the whole log.</param>
/// <param name="Workers">The fewest workers holding the target on <see cref="Cores"/> cores, or null.</param>
/// <param name="CoresForTarget">The fewest cores (from the next integer above <see cref="CoresNeeded"/>) with which some worker count holds the target.</param>
/// <param name="WorkersForTarget">The fewest workers on <see cref="CoresForTarget"/> cores.</param>
/// <param name="Points">Every worker count evaluated on <see cref="Cores"/> cores, 1 up to the answer (or the limit).</param>
internal sealed record SizingAnswer(double Speed, double TargetP95, int Cores, double PeakRate, double CoresNeeded,
    double MeanCoresNeeded, int? Workers, ModelPoint? AtAnswer, int? CoresForTarget, int? WorkersForTarget,
    ModelPoint Threaded, IReadOnlyList<ModelPoint> Points)
{
    /// <summary>Odoo's deployment guide: workers = 2 × cores + 1.</summary>
    public static int RuleOfThumbWorkers(int cores) => (2 * cores) + 1;

    /// <summary>Odoo's deployment guide: one worker serves about 6 concurrent users.</summary>
    public const int UsersPerWorker = 6;

    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var target = string.Create(c, $"p95 ≤ {TargetP95 * 1000:0} ms");
        text.Append(c, $"Model at {Speed:0.##}× the busiest window ({PeakRate:0.00} requests/s): ");
        if (Workers is { } workers && AtAnswer is { } at)
        {
            text.Append(c, $"**{workers} workers** hold {target} on {Cores} cores (model p95 {Seconds(at.P95Peak)}, " +
                $"worker utilisation {at.Utilisation:P0}, CPU {at.CpuUtilisation:P0}, P(wait) {at.ProbabilityOfWaiting:P0}). ");
        }
        else
        {
            text.Append(c, $"no worker count up to {CapacityPlanner.MaxWorkers} holds {target} on {Cores} cores. ");
        }
        text.Append(c, $"That traffic needs **{CoresNeeded:0.00} cores** of Python time ({MeanCoresNeeded:0.00} on the log's average)");
        if (CoresForTarget is { } k && WorkersForTarget is { } w && (Workers is null || k != Cores))
        {
            text.Append(c, $"; with {k} cores, {w} workers hold the target");
        }
        text.Append(". ");
        var rule = RuleOfThumbWorkers(Cores);
        text.Append(c, $"Odoo's rule of thumb gives {rule} workers for {Cores} cores (2 × cores + 1, about " +
            $"{rule * UsersPerWorker} concurrent users at {UsersPerWorker} per worker)");
        if (Workers is { } found)
        {
            text.Append(found <= rule
                ? string.Create(c, $": the model needs {rule - found} fewer for this traffic")
                : string.Create(c, $": the model needs {found - rule} more for this traffic"));
        }
        text.Append(c, $". Threaded under the GIL (workers = 0): model p95 {Seconds(Threaded.P95Peak)}, one core {Threaded.CpuUtilisation:P0} busy.");
        return text.ToString();
    }

    public string PointsTable()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| workers | utilisation | CPU | P(wait) | Python stretch | mean | p95 at peak | p95 whole log |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in Points.Prepend(Threaded))
        {
            text.AppendLine(c, $"| {(p.Workers == 0 ? "threaded+GIL" : p.Workers.ToString(c))} | {Percent(p.Utilisation)} | " +
                $"{Percent(p.CpuUtilisation)} | {Percent(p.ProbabilityOfWaiting)} | {(double.IsFinite(p.PythonStretch) ? p.PythonStretch.ToString("0.00", c) : "∞")} | {Seconds(p.MeanResponse)} | " +
                $"{Seconds(p.P95Peak)} | {Seconds(p.P95Log)} |");
        }
        return text.ToString();
    }

    private static string Percent(double value) =>
        double.IsFinite(value) ? value.ToString("P0", CultureInfo.InvariantCulture) : "overloaded";

    internal static string Seconds(double value) => value switch
    {
        double.PositiveInfinity => "∞ (overloaded)",
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{value * 1000:0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{value:0.00} s"),
    };
}
