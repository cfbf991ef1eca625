using System.Globalization;
using MiniOdooServer.Experiments.Sizing.Log;
using MiniOdooServer.Experiments.Sizing.Sweep;

namespace MiniOdooServer.Experiments.Sizing.Report;

/// <summary>
/// The answer of a sizing run, at the sweep's highest speed S: the smallest prefork <c>workers</c> whose p95 held the
/// target at S× the log's busiest window, the cores that traffic needs (its Python seconds per second × S: exact, from
/// the log), the memory (workers × a measured worker's VmRSS, and Odoo's per-worker limits), Odoo's rule of thumb for
/// this machine, and the queueing model's answer with a warning where the two differ by more than 25 %.
/// </summary>
internal sealed record SizingAnswer(
    double Speed,
    TimeSpan Target,
    int? Workers,
    bool ThreadedHolds,
    int MaxMeasured,
    double CoresAtPeak,
    double CoresMean,
    double WorkerRssMiB,
    int MachineCores,
    ModelAnswer? Model)
{
    /// <summary>Odoo's per-worker memory limits (defaults of <c>limit_memory_soft</c> and <c>limit_memory_hard</c>), MiB.</summary>
    public const double LimitMemorySoftMiB = 2048;
    public const double LimitMemoryHardMiB = 2560;

    /// <summary>How far the model may be from the measurement before the report says so.</summary>
    public const double Disagreement = 0.25;

    public int RuleOfThumbWorkers => 2 * MachineCores + 1;

    public static SizingAnswer From(AccessLogSummary summary, IReadOnlyList<SweepPoint> points, TimeSpan target, int machineCores,
        IReadOnlyList<ModelAnswer> models)
    {
        var speed = points.Max(p => p.Speed);
        var atSpeed = points.Where(p => p.Speed == speed).ToArray();
        var holding = SmallestHolding(points, speed, target);
        var rss = holding?.WorkerRssMiB ?? atSpeed.Where(p => p.Workers > 0).Select(p => p.WorkerRssMiB).DefaultIfEmpty(0).Max();
        return new SizingAnswer(
            speed,
            target,
            holding?.Workers,
            atSpeed.Any(p => p.Workers == 0 && p.Holds(target)),
            atSpeed.Select(p => p.Workers).DefaultIfEmpty(0).Max(),
            summary.PeakWindowPythonPerSecond * speed,
            summary.MeanPythonPerSecond * speed,
            rss,
            machineCores,
            models.FirstOrDefault(m => m.Speed == speed));
    }

    /// <summary>The prefork point with the fewest workers that held <paramref name="target"/> at <paramref name="speed"/>, if any.</summary>
    public static SweepPoint? SmallestHolding(IReadOnlyList<SweepPoint> points, double speed, TimeSpan target) =>
        points.Where(p => p.Speed == speed && p.Workers > 0 && p.Holds(target)).OrderBy(p => p.Workers).FirstOrDefault();

    /// <summary>True when model and measurement both give a count and differ by more than <see cref="Disagreement"/>.</summary>
    public bool ModelDisagrees =>
        Workers is { } measured && Model?.Workers is { } modelled && Math.Abs(modelled - measured) > Disagreement * measured;

    public string Paragraph()
    {
        var c = CultureInfo.InvariantCulture;
        var target = Target.TotalMilliseconds >= 1000 ? $"{Target.TotalSeconds.ToString("0.##", c)} s" : $"{Target.TotalMilliseconds.ToString("0", c)} ms";
        var speed = Speed.ToString("0.##", c);
        var coresNeeded = (int)Math.Ceiling(CoresAtPeak);
        var text = Workers is { } workers
            ? string.Create(c, $"**`workers = {workers}`** is the smallest prefork configuration that held p95 ≤ {target} at {speed}× the log's peak traffic (every request answered, 2xx, by the server under test)")
            : string.Create(c, $"**No prefork configuration measured here (1…{MaxMeasured} workers) held p95 ≤ {target} at {speed}× the log's peak traffic**; this machine cannot confirm a size, the model below estimates one");
        text += ThreadedHolds ? "; threaded (`workers = 0`, one GIL) held it too. " : string.Create(c, $"; threaded (`workers = 0`, one GIL) did not. ");
        text += string.Create(c, $"That traffic needs {CoresAtPeak:0.00} CPU cores of Python work (the log's busiest-window Python seconds per second × {speed}; {CoresMean:0.00} on average over the whole log), so at least {coresNeeded} core{(coresNeeded == 1 ? "" : "s")} with no headroom. ");
        if (Workers is { } n)
        {
            text += string.Create(c, $"Memory: {n} × {WorkerRssMiB:0} MiB measured resident per mini-odoo worker = {n * WorkerRssMiB:0} MiB (a Python Odoo worker is larger: budget to Odoo's limits, {n} × {LimitMemorySoftMiB:0} MiB `limit_memory_soft` = {n * LimitMemorySoftMiB / 1024:0.#} GiB, hard ceiling {n} × {LimitMemoryHardMiB:0} MiB = {n * LimitMemoryHardMiB / 1024:0.#} GiB). ");
        }
        text += string.Create(c, $"Odoo's rule of thumb for this {MachineCores}-core machine gives {RuleOfThumbWorkers} workers (2 × cores + 1, about {6 * RuleOfThumbWorkers} concurrent users at ~6 per worker)");
        text += Workers is { } w
            ? w == RuleOfThumbWorkers ? ", the same as measured. " : w < RuleOfThumbWorkers
                ? string.Create(c, $": {RuleOfThumbWorkers - w} more than this traffic needs. ")
                : string.Create(c, $": {w - RuleOfThumbWorkers} fewer than this traffic needs. ")
            : ". ";
        if (Model is { } model)
        {
            text += model.Workers is { } m
                ? string.Create(c, $"The queueing model (from the log alone) answers `workers = {m}` ({model.Explanation})")
                : string.Create(c, $"The queueing model finds no worker count that holds ({model.Explanation})");
            text += ModelDisagrees ? string.Create(c, $": **it differs from the measurement by more than {Disagreement:P0}**, trust the measurement for this machine and the model for bigger ones.") : ".";
        }
        return text;
    }
}
