using System.Globalization;

namespace MiniOdooServer.Experiments.Results;

/// <summary>
/// Whether a run's figures are physically possible, and if not why (a rejected run is measured again once, then shown
/// as rejected and never averaged in). A run is rejected when:
/// <list type="bullet">
/// <item>answers that did not come from the server under test (non-2xx, or 2xx not naming its pid and role) are
/// more than <see cref="ForeignShare"/> of the answers, or none came from it;</item>
/// <item>its CPU-bound throughput is above what the cores can do: cores × 1000 / cpu_ms requests per second
/// (<see cref="ThroughputSlack"/> for the run's timing);</item>
/// <item>the CPU seconds the server's processes used (from /proc) are more than <see cref="CpuTolerance"/> below
/// answers × cpu_ms, or, less their idle use measured before, more than that above (answers + connections) × cpu_ms:
/// when wrk stops, each connection may leave one request computed in part and never answered.</item>
/// </list>
/// </summary>
internal static class PhysicalCheck
{
    public const double ForeignShare = 0.01;
    public const double ThroughputSlack = 1.02;
    public const double CpuTolerance = 0.15;

    /// <summary>Null when the run is possible, else the one-line reason it is not.</summary>
    public static string? Rejection(RunMeasure run)
    {
        var answered = run.ServerAnswers + run.ForeignAnswers + run.Non2xx;
        if (run.ServerAnswers == 0)
        {
            return $"no answer named the server under test ({Count(run.Non2xx)} non-2xx, {Count(run.ForeignAnswers)} 2xx from something else)";
        }
        if (run.ForeignAnswers + run.Non2xx > ForeignShare * answered)
        {
            return $"{Count(run.ForeignAnswers + run.Non2xx)} of {Count(answered)} answers did not come from the server under test " +
                   $"({Count(run.Non2xx)} non-2xx, {Count(run.ForeignAnswers)} 2xx not naming it)";
        }
        if (run.CpuMsPerRequest <= 0)
        {
            return null;
        }
        var rate = run.ServerAnswers / run.Seconds;
        var ceiling = run.Cores * 1000.0 / run.CpuMsPerRequest;
        if (rate > ceiling * ThroughputSlack)
        {
            return $"{Number(rate)} req/s of {Number(run.CpuMsPerRequest)} ms of CPU each is more than {Number(run.Cores)} cores can do ({Number(ceiling)} req/s)";
        }
        var expected = run.ServerAnswers * run.CpuMsPerRequest / 1000;
        var inFlight = run.Connections * run.CpuMsPerRequest / 1000;
        // Too little is judged on all the CPU used (idle work can only add to it), too much on what is left without the
        // idle rate measured before: a noisy idle measure then never turns a possible run into an impossible one.
        var idle = run.IdleCpuSecondsPerSecond * run.Seconds;
        if (run.ServerCpuSeconds < expected * (1 - CpuTolerance))
        {
            return $"the server's processes used {Number(run.ServerCpuSeconds)} CPU s (/proc) for {Count(run.ServerAnswers)} answers × " +
                   $"{Number(run.CpuMsPerRequest)} ms = {Number(expected)} s (more than {Percent(CpuTolerance)} short)";
        }
        if (run.ServerCpuSeconds - idle > (expected + inFlight) * (1 + CpuTolerance))
        {
            return $"the server's processes used {Number(run.ServerCpuSeconds - idle)} CPU s (/proc, less {Number(idle)} s idle) for " +
                   $"{Count(run.ServerAnswers)} answers × {Number(run.CpuMsPerRequest)} ms = {Number(expected)} s " +
                   $"(+ {Number(inFlight)} s in flight at most; more than {Percent(CpuTolerance)} over)";
        }
        return null;
    }

    private static string Percent(double value) => value.ToString("P0", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString(value >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture);
}

/// <summary>
/// What <see cref="PhysicalCheck"/> looks at for one run: the answers by origin, the run's length, the CPU each request
/// asks, the machine's cores, the CPU seconds the server's processes used during the run and their idle rate, and
/// the connections wrk kept open.
/// </summary>
internal sealed record RunMeasure(
    long ServerAnswers,
    long ForeignAnswers,
    long Non2xx,
    double Seconds,
    double CpuMsPerRequest,
    int Cores,
    double ServerCpuSeconds,
    double IdleCpuSecondsPerSecond,
    int Connections = 1);
