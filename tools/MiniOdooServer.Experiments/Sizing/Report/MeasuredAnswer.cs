using System.Globalization;
using MiniOdooServer.Experiments.Sizing.Model;
using MiniOdooServer.Experiments.Sizing.Sweep;

namespace MiniOdooServer.Experiments.Sizing.Report;

/// <summary>
/// The measured answer of a sizing run at the highest speed S at which some prefork configuration held the target
/// (else the sweep's highest speed): the smallest prefork <c>workers</c> whose p95
/// held the target at S× the log's busiest window, the cores that traffic needs (the model's exact figure from the
/// log's Python seconds), the memory (workers × a measured worker's VmRSS, and Odoo's per-worker limits), Odoo's rule
/// of thumb for this machine, and the queueing model's answer beside it, flagged where the two differ by over 25 %.
/// </summary>
internal sealed record MeasuredAnswer(
    double Speed,
    TimeSpan Target,
    int? Workers,
    bool ThreadedHolds,
    int MaxMeasured,
    double WorkerRssMiB,
    SizingAnswer Model,
    double CoresAvailable,
    SizingAnswer? Beyond = null)
{
    /// <summary>Odoo's per-worker memory limits (defaults of <c>limit_memory_soft</c> and <c>limit_memory_hard</c>), MiB.</summary>
    public const double LimitMemorySoftMiB = 2048;
    public const double LimitMemoryHardMiB = 2560;

    /// <summary>How far the model may be from the measurement before the report says so.</summary>
    public const double Disagreement = 0.25;

    /// <summary>Below this share of its cores (spinning threads' CPU, before or after the sweep) the machine cannot confirm a size.</summary>
    public const double EnoughCores = 0.8;

    /// <summary>False when spinning threads got under <see cref="EnoughCores"/> of the cores, before or after the sweep.</summary>
    public bool Measurable => CoresAvailable >= EnoughCores * Model.Cores;

    public static MeasuredAnswer From(IReadOnlyList<SweepPoint> points, TimeSpan target, IReadOnlyList<SizingAnswer> models, double coresAvailable)
    {
        var highest = points.Max(p => p.Speed);
        var speed = points.Where(p => SmallestHolding(points, p.Speed, target) is not null).Select(p => p.Speed).DefaultIfEmpty(highest).Max();
        var atSpeed = points.Where(p => p.Speed == speed).ToArray();
        var holding = SmallestHolding(points, speed, target);
        return new MeasuredAnswer(
            speed,
            target,
            holding?.Workers,
            atSpeed.Any(p => p.Workers == 0 && p.Holds(target)),
            atSpeed.Select(p => p.Workers).DefaultIfEmpty(0).Max(),
            holding?.WorkerRssMiB ?? atSpeed.Where(p => p.Workers > 0).Select(p => p.WorkerRssMiB).DefaultIfEmpty(0).Max(),
            models.First(m => m.Speed == speed),
            coresAvailable,
            speed < highest ? models.First(m => m.Speed == highest) : null);
    }

    /// <summary>The prefork point with the fewest workers that held <paramref name="target"/> at <paramref name="speed"/>, if any.</summary>
    public static SweepPoint? SmallestHolding(IReadOnlyList<SweepPoint> points, double speed, TimeSpan target) =>
        points.Where(p => p.Speed == speed && p.Workers > 0 && p.Holds(target)).OrderBy(p => p.Workers).FirstOrDefault();

    /// <summary>True when model and measurement both give a count and differ by more than <see cref="Disagreement"/>.</summary>
    public bool ModelDisagrees => Differs(Workers, Model.Workers);

    public static bool Differs(int? measured, int? modelled) =>
        measured is { } m && modelled is { } n && Math.Abs(n - m) > Disagreement * m;

    public string Paragraph()
    {
        var c = CultureInfo.InvariantCulture;
        var target = Target.TotalMilliseconds >= 1000 ? $"{Target.TotalSeconds.ToString("0.##", c)} s" : $"{Target.TotalMilliseconds.ToString("0", c)} ms";
        var speed = Speed.ToString("0.##", c);
        var cores = Model.Cores;
        var coresNeeded = (int)Math.Ceiling(Model.CoresNeeded);
        var text = Measurable ? "" : string.Create(c,
            $"**Not measurable on this machine now**: {Model.Cores} spinning threads got {CoresAvailable:0.00} of its {Model.Cores} cores (other work was running), so the measured figures show that contention as much as the server; rerun on a quiet machine, or take the model's answer below. ");
        text += Workers is { } workers
            ? string.Create(c, $"**`workers = {workers}`** is the smallest prefork configuration that held p95 ≤ {target} at {speed}× the log's peak traffic on this {cores}-core machine (every request answered, 2xx, by the server under test)")
            : MaxMeasured == 0
                ? string.Create(c, $"**No prefork configuration was measured** (the sweep was interrupted) at {speed}× the log's peak traffic")
                : string.Create(c, $"**No prefork configuration measured here (1…{MaxMeasured} workers) held p95 ≤ {target} at {speed}× the log's peak traffic** on this {cores}-core machine");
        text += ThreadedHolds ? "; threaded (`workers = 0`, one GIL) held it too. " : "; threaded (`workers = 0`, one GIL) did not. ";
        text += string.Create(c, $"That traffic needs {Model.CoresNeeded:0.00} CPU cores of Python work (the log's busiest-window Python seconds per second × {speed}; {Model.MeanCoresNeeded:0.00} on the log's average), so at least {coresNeeded} core{(coresNeeded == 1 ? "" : "s")} with no headroom. ");
        if (Workers is { } n)
        {
            text += string.Create(c, $"Memory: {n} × {WorkerRssMiB:0} MiB measured resident per mini-odoo worker = {n * WorkerRssMiB:0} MiB; a Python Odoo worker is larger, so budget Odoo's per-worker limits: {n} × {LimitMemorySoftMiB:0} MiB `limit_memory_soft` = {n * LimitMemorySoftMiB / 1024:0.#} GiB, at most {n} × {LimitMemoryHardMiB:0} MiB `limit_memory_hard` = {n * LimitMemoryHardMiB / 1024:0.#} GiB. ");
        }
        var rule = SizingAnswer.RuleOfThumbWorkers(cores);
        text += string.Create(c, $"Odoo's rule of thumb for {cores} cores gives {rule} workers (2 × cores + 1, about {rule * SizingAnswer.UsersPerWorker} concurrent users at ~{SizingAnswer.UsersPerWorker} per worker)");
        text += Workers is { } w
            ? w == rule ? ", as measured. "
                : w < rule ? string.Create(c, $": {rule - w} more than this traffic needs. ") : string.Create(c, $": {w - rule} fewer than this traffic needs. ")
            : ". ";
        text += Model.Workers is { } modelled
            ? string.Create(c, $"The queueing model (M/G/c from the log alone) answers `workers = {modelled}` on {cores} cores")
            : string.Create(c, $"The queueing model (M/G/c from the log alone) finds no worker count that holds on {cores} cores");
        if (Model.CoresForTarget is { } k && Model.WorkersForTarget is { } kw && (Model.Workers is null || k != cores))
        {
            text += string.Create(c, $", and {kw} workers on {k} cores");
        }
        text += ModelDisagrees
            ? string.Create(c, $": **it differs from the measurement by more than {Disagreement:P0}**; the measurement is what this machine did, the model is the estimate for other machines.")
            : Workers is null || Model.Workers is null
                ? ": only one of them gives a count here, so they cannot be compared in workers."
                : string.Create(c, $": within {Disagreement:P0} of the measurement.");
        if (Beyond is { } beyond)
        {
            text += string.Create(c, $" At {beyond.Speed:0.##}× no configuration measured here held: that traffic needs {beyond.CoresNeeded:0.00} cores");
            text += beyond.CoresForTarget is { } bk && beyond.WorkersForTarget is { } bw
                ? string.Create(c, $"; the model sizes it at {bw} workers on {bk} cores.")
                : ".";
        }
        return text;
    }
}
