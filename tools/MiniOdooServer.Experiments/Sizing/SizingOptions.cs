namespace MiniOdooServer.Experiments.Sizing;

/// <summary>
/// What the <c>sizing</c> verb was asked (read by <see cref="SizingCommandLine"/>): the log, the sweep's size (quick or
/// full, speeds, window, workers), the latency target, where the report goes and which binary serves.
/// </summary>
internal sealed record SizingOptions(
    string Log,
    bool Quick,
    IReadOnlyList<double> Speeds,
    TimeSpan TargetP95,
    TimeSpan Window,
    int MaxWorkers,
    string? OutputDirectory,
    string? Binary)
{
    /// <summary>The prefork worker counts the sweep measures: 1, 2, 3, 4, then doubling, up to <see cref="MaxWorkers"/>.</summary>
    public IReadOnlyList<int> WorkerCounts =>
    [
        .. new[] { 1, 2, 3, 4, 6, 8, 12, 16, 24, 32 }
            .Where(w => w <= MaxWorkers && (!Quick || w is 1 or 2 or 4 || w == MaxWorkers)),
    ];
}
