namespace MiniOdooServer.Experiments.Matrix;

/// <summary>
/// What to measure: every server configuration × workload × connection count, each repeated. The quick matrix keeps
/// what both claims need (threads with and without the GIL, 1 and 4 workers, four concurrencies) and fits
/// in under two minutes; the full one crosses every worker count with the GIL on and off.
/// </summary>
internal sealed record ExperimentMatrix(
    IReadOnlyList<ServerConfiguration> Servers,
    IReadOnlyList<Workload> Workloads,
    IReadOnlyList<int> Connections,
    int Repeats,
    TimeSpan Duration)
{
    /// <summary>
    /// The unmeasured run on each fresh server: one second (wrk's least) of the mixed workload at the highest
    /// connection count, which measures the burner's step in every worker and touches both code paths.
    /// </summary>
    public TimeSpan Warmup => TimeSpan.FromSeconds(1);

    /// <summary>
    /// What both claims need, under two minutes: threaded with and without the GIL, prefork 1 and 4 (with it, as a
    /// Python Odoo's workers each have one), the cpu and io workloads, four connection counts from 2 (one connection
    /// leaves the CPU idle during each round trip, which is not a threading effect), two repeats of 1 s (wrk's least).
    /// </summary>
    public static ExperimentMatrix Quick { get; } = new(
        [new(0, false), new(0, true), new(1, true), new(4, true)],
        [Workload.Cpu, Workload.Io],
        [2, 4, 8, 16],
        Repeats: 2,
        Duration: TimeSpan.FromSeconds(1));

    /// <summary>Workers 0, 1, 2, 4, each with the GIL off and on; every workload; four concurrency levels; three repeats of 3 s.</summary>
    public static ExperimentMatrix Full { get; } = new(
        [.. new[] { 0, 1, 2, 4 }.SelectMany(workers => new[] { new ServerConfiguration(workers, false), new ServerConfiguration(workers, true) })],
        Workload.All,
        [2, 4, 16, 64],
        Repeats: 3,
        Duration: TimeSpan.FromSeconds(3));

    /// <summary>
    /// Every run: for each repeat, each server configuration (one server start), its workloads and connection counts.
    /// Repeats are outermost so that the runs of one point are spread over the whole experiment: a burst of load from
    /// another user of the machine bends one repeat of several configurations, not every repeat of one.
    /// </summary>
    public IReadOnlyList<ExperimentPoint> Expand() =>
    [
        .. from repeat in Enumerable.Range(1, Repeats)
           from server in Servers
           from workload in Workloads
           from connections in Connections
           select new ExperimentPoint(server, workload, connections, repeat),
    ];

    /// <summary>How long each fresh server is left idle after its warm-up, to measure the CPU it uses for no request.</summary>
    public TimeSpan IdleMeasure => TimeSpan.FromSeconds(1);

    /// <summary>A rough duration of the whole run, for the progress line: each run plus each server's start, warm-up and idle measure.</summary>
    public TimeSpan Estimate(TimeSpan serverStart) =>
        Duration * Expand().Count + (serverStart + Warmup + IdleMeasure) * Servers.Count * Repeats;
}
