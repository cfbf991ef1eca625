using MiniOdooServer.Experiments.Sizing.Log;

namespace MiniOdooServer.Experiments.Sizing.Model;

/// <summary>
/// An M/G/c model of Odoo's HTTP workers with the CPU cores as a second limit, fed by a log's summary (see
/// docs/sizing.md for the reasoning and its limits):
/// <list type="bullet">
/// <item>arrivals are Poisson at the rate of the log's busiest windows × speed (or, for <see cref="ModelPoint.P95Log"/>,
/// of each window of the log in turn), with those windows' own SQL/Python mix;</item>
/// <item>a request holds a worker for its SQL + Python seconds; its Python part needs a core. While workers ≤ cores
/// the Python parts never compete; with more workers than cores they share the cores, and every Python part is
/// stretched by the mean delay of a queue of Python work on k cores (<see cref="CpuStretch"/>);</item>
/// <item>the waiting time for a worker follows Allen–Cunneen: Erlang C's probability of waiting, then an exponential
/// wait whose mean is the M/M/c one scaled by (1 + SCV)/2 (Poisson arrivals: the arrival SCV is 1);</item>
/// <item>the response time is that wait plus an independent service time drawn from the log's own distribution
/// (its 200 quantiles, scaled by the CPU stretch), and the p95 is read off their convolution.</item>
/// </list>
/// The threaded server under the GIL has no worker queue (a thread per request) and one core for all Python work.
/// </summary>
internal sealed class QueueingModel
{
    private const double Percentile = 0.95;

    /// <summary>Most phases evaluated for the whole-log p95; a long log's many distinct window counts are binned to this.</summary>
    public const int MaxPhases = 64;

    private readonly AccessLogSummary _log;
    private readonly IReadOnlyList<WindowGroup> _phases;

    public QueueingModel(AccessLogSummary log, int cores)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        _log = log;
        Cores = cores;
        _phases = Compact(log.WindowGroups, log.BusiestPhase);
    }

    /// <summary>
    /// Bins the window groups into at most <see cref="MaxPhases"/> by request count (each bin with its windows' summed
    /// work and their mean count), keeping the busiest group on its own so the peak is never averaged away.
    /// </summary>
    internal static IReadOnlyList<WindowGroup> Compact(IReadOnlyList<WindowGroup> groups, WindowGroup busiest)
    {
        if (groups.Count <= MaxPhases) return groups;
        var others = groups.Where(g => g != busiest).ToArray();
        int low = others.Min(g => g.Requests), high = others.Max(g => g.Requests);
        var width = Math.Max(1, ((high - low) / (MaxPhases - 1)) + 1);
        return [.. others.GroupBy(g => (g.Requests - low) / width).Select(bin =>
            {
                var windows = bin.Sum(g => g.Windows);
                var requests = bin.Sum(g => (double)g.Requests * g.Windows);
                // Summed work over a rounded count: the bin's rate is its mean, its mix the bins' own.
                var count = Math.Max(1, (int)Math.Round(requests / windows));
                var scale = count * windows / requests;
                return new WindowGroup(count, windows, bin.Sum(g => g.PythonSeconds) * scale, bin.Sum(g => g.SqlSeconds) * scale);
            }), busiest];
    }

    public int Cores { get; }

    /// <summary>Prefork with <paramref name="workers"/> HTTP workers (each its own process: no shared GIL).</summary>
    public ModelPoint Evaluate(int workers, double speed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        return Point(workers, Cores, speed);
    }

    /// <summary>Odoo's <c>workers = 0</c>: one process, a thread per request, all Python work under one GIL.</summary>
    public ModelPoint EvaluateThreadedGil(double speed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        return Point(0, 1, speed);
    }

    private ModelPoint Point(int workers, int cores, double speed)
    {
        var window = _log.Window.TotalSeconds;
        var busiest = _log.BusiestPhase;
        var peakRate = busiest.Requests / window * speed;
        var peak = Phase(workers, cores, peakRate, busiest);
        var phases = _phases
            .Select(g => (State: Phase(workers, cores, g.Requests / window * speed, g), Weight: (double)g.Requests * g.Windows))
            .ToArray();
        var total = phases.Sum(p => p.Weight);
        var p95Log = Quantile(phases.Select(p => (p.State, p.Weight / total)).ToArray(), sustained: false);
        return new ModelPoint(workers, cores, speed, peakRate, peak.Utilisation, peak.CpuUtilisation, peak.WaitProbability,
            peak.Stretch, peak.MeanResponse, Quantile([(peak, 1.0)], sustained: true), p95Log);
    }

    /// <summary>Steady state at <paramref name="rate"/> with the SQL/Python mix of the windows of <paramref name="group"/>.</summary>
    private PhaseState Phase(int workers, int cores, double rate, WindowGroup group)
    {
        var service = _log.ServiceTime;
        var pythonPerRequest = group.PythonPerRequest;
        var sqlPerRequest = group.ServicePerRequest - pythonPerRequest;
        var cpuLoad = rate * pythonPerRequest; // erlangs of Python work = cores kept busy
        var cpuUtilisation = cpuLoad / cores;
        var unstretched = workers == 0 ? 0 : rate * (sqlPerRequest + pythonPerRequest) / workers;
        if (cpuUtilisation >= 1)
        {
            return PhaseState.Overloaded(cpuUtilisation, Math.Max(unstretched, cpuUtilisation), double.PositiveInfinity, FluidWait(Math.Max(unstretched, cpuUtilisation)));
        }

        var stretch = CpuStretch(cores, workers == 0 ? int.MaxValue : workers, cpuLoad);
        var meanService = sqlPerRequest + (pythonPerRequest * stretch);
        var scale = service.Mean > 0 ? meanService / service.Mean : 1;
        if (workers == 0)
        {
            return new PhaseState(0, cpuUtilisation, 0, stretch, 0, meanService, scale, meanService);
        }

        var load = rate * meanService;
        var utilisation = load / workers;
        if (utilisation >= 1) return PhaseState.Overloaded(cpuUtilisation, utilisation, stretch, FluidWait(Math.Max(unstretched, cpuUtilisation)));
        var waitProbability = ErlangC.ProbabilityOfWaiting(workers, load);
        // Allen–Cunneen: the M/M/c conditional wait 1/(cμ − λ), times (Ca² + Cs²)/2 with Ca² = 1.
        var conditionalWait = meanService / (workers * (1 - utilisation)) * (1 + service.Scv) / 2;
        return new PhaseState(utilisation, cpuUtilisation, waitProbability, stretch, conditionalWait, meanService, scale,
            meanService + (waitProbability * conditionalWait));
    }

    /// <summary>
    /// How much longer a Python part takes than its own CPU seconds when up to <paramref name="maxParts"/> of them
    /// share <paramref name="cores"/> cores with <paramref name="load"/> erlangs of Python work (load &lt; cores); 1
    /// with no more parts than cores. The mean of two bounds, which fitted a simulation of workers over shared cores
    /// best (docs/sizing.md): an uncut M/M/k queue of Python work (too slow: it lets more parts compete than there are
    /// workers; capped at maxParts/k), and the same queue cut at maxParts (too fast: it ignores how long a cut-off
    /// part waits).
    /// </summary>
    internal static double CpuStretch(int cores, int maxParts, double load)
    {
        if (maxParts <= cores || load <= 0) return 1;
        var uncut = 1 + (ErlangC.ProbabilityOfWaiting(cores, load) / (cores - load));
        if (maxParts > 4096) return uncut;
        return (Math.Min(uncut, (double)maxParts / cores) + CutStretch(cores, maxParts, load)) / 2;
    }

    /// <summary>
    /// The M/M/k chain of Python parts cut at <paramref name="maxParts"/>. No Python work is turned away (it waits for a
    /// worker), so the chain is driven at the load a' whose carried load a'(1 − p_max) is the real one; the mean parts
    /// L over the throughput then give the mean time: stretch = L / a.
    /// </summary>
    private static double CutStretch(int cores, int maxParts, double load)
    {
        double low = load, high = load;
        while (Carried(cores, maxParts, high).Carried < load) high *= 2;
        for (var i = 0; i < 60; i++)
        {
            var middle = (low + high) / 2;
            if (Carried(cores, maxParts, middle).Carried < load) low = middle;
            else high = middle;
        }
        return Math.Max(1, Carried(cores, maxParts, high).Parts / load);
    }

    /// <summary>The cut chain at offered load <paramref name="offered"/>: the load it carries and its mean parts.</summary>
    private static (double Carried, double Parts) Carried(int cores, int maxParts, double offered)
    {
        // p_n ∝ a^n/n! up to k, then × a/k per further part, summed with a running term (no factorials), rescaled
        // when large so that hundreds of parts at a high load stay finite.
        double term = 1, total = 1, parts = 0;
        for (var n = 1; n <= maxParts; n++)
        {
            term *= offered / Math.Min(n, cores);
            total += term;
            parts += n * term;
            if (total > 1e200) (term, total, parts) = (term / 1e200, total / 1e200, parts / 1e200);
        }
        return (offered * (1 - (term / total)), parts / total);
    }

    /// <summary>
    /// A window that brings more work than the workers (or cores) can do builds a backlog: a fluid queue growing at
    /// (ρ − 1) seconds of wait per second, so arrivals spread over the window wait between 0 and (ρ − 1) × its width.
    /// Each such window is taken alone: consecutive overloaded windows (a long burst) wait longer than this says.
    /// </summary>
    private double FluidWait(double utilisation) => (utilisation - 1) * _log.Window.TotalSeconds;

    /// <summary>
    /// The 95th percentile of a mixture of phases' response times, by bisection on its distribution function.
    /// <paramref name="sustained"/>: an overloaded phase lasts for ever (its requests never finish); otherwise it lasts
    /// one window and its requests wait as the fluid backlog says.
    /// </summary>
    private double Quantile(IReadOnlyList<(PhaseState State, double Weight)> phases, bool sustained)
    {
        var overloaded = phases.Where(p => p.State.IsOverloaded).Sum(p => p.Weight);
        if (sustained && overloaded > 1 - Percentile) return double.PositiveInfinity;

        double Cdf(double t) => phases.Sum(p => p.Weight * ResponseCdf(p.State, t));
        var high = Math.Max(_log.ServiceTime.Max, 1e-3);
        for (var i = 0; i < 200 && Cdf(high) < Percentile; i++) high *= 2;
        var low = 0.0;
        for (var i = 0; i < 60; i++)
        {
            var middle = (low + high) / 2;
            if (Cdf(middle) >= Percentile) high = middle;
            else low = middle;
        }
        return high;
    }

    /// <summary>
    /// P(wait + service ≤ t): the service quantiles are equally likely; the wait is 0 or exponential in a stable
    /// phase, uniform over the fluid backlog's range in an overloaded one.
    /// </summary>
    private double ResponseCdf(PhaseState phase, double t)
    {
        var quantiles = _log.ServiceTime.Quantiles;
        var sum = 0.0;
        foreach (var q in quantiles)
        {
            var slack = t - (q * phase.ServiceScale);
            if (slack < 0) continue;
            sum += phase switch
            {
                { IsOverloaded: true } => phase.FluidWaitMax > 0 ? Math.Min(1, slack / phase.FluidWaitMax) : 1,
                { ConditionalWait: > 0 } => 1 - (phase.WaitProbability * Math.Exp(-slack / phase.ConditionalWait)),
                _ => 1,
            };
        }
        return sum / quantiles.Count;
    }

    private sealed record PhaseState(double Utilisation, double CpuUtilisation, double WaitProbability, double Stretch,
        double ConditionalWait, double MeanService, double ServiceScale, double MeanResponse, double FluidWaitMax = 0)
    {
        public bool IsOverloaded => double.IsInfinity(MeanResponse);

        /// <summary>Service times unstretched (the cores run flat out), the wait from the fluid backlog.</summary>
        public static PhaseState Overloaded(double cpuUtilisation, double utilisation, double stretch, double fluidWaitMax) =>
            new(utilisation, cpuUtilisation, 1, stretch, double.PositiveInfinity, double.PositiveInfinity, 1, double.PositiveInfinity,
                fluidWaitMax);
    }
}
