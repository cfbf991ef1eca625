namespace MiniOdooServer.Experiments.Matrix;

/// <summary>
/// What to measure: every server configuration × workload × connection count, each repeated. The quick matrix keeps
/// what both claims need (threads with and without the GIL, 1, 2 and 4 workers, low and high concurrency) and fits
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
    /// connection count, which calibrates the CPU unit in every worker and touches both code paths.
    /// </summary>
    public TimeSpan Warmup => TimeSpan.FromSeconds(1);

    /// <summary>
    /// Threaded with and without the GIL; prefork 1, 2, 4 with it, as a Python Odoo's workers each have one; 2 and 16
    /// connections (2, not 1: one connection leaves the CPU idle during each round trip, which is not a threading effect).
    /// </summary>
    public static ExperimentMatrix Quick { get; } = new(
        [new(0, false), new(0, true), new(1, true), new(2, true), new(4, true)],
        Workload.All,
        [2, 16],
        Repeats: 2,
        Duration: TimeSpan.FromSeconds(1));

    /// <summary>Workers 0, 1, 2, 4, each with the GIL off and on; four concurrency levels; three repeats of 3 s.</summary>
    public static ExperimentMatrix Full { get; } = new(
        [.. new[] { 0, 1, 2, 4 }.SelectMany(workers => new[] { new ServerConfiguration(workers, false), new ServerConfiguration(workers, true) })],
        Workload.All,
        [1, 4, 16, 64],
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

    /// <summary>A rough duration of the whole run, for the progress line: each run plus each server's start and warm-up.</summary>
    public TimeSpan Estimate(TimeSpan serverStart) =>
        Duration * Expand().Count + (serverStart + Warmup) * Servers.Count * Repeats;
}
