namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// One request's computation in progress: the checksum chain, the iterations and the thread CPU time burned so far,
/// and the most requests of the process seen computing at the same moment. Slices of it may run on different
/// threads (after an await); each slice is measured on the thread that runs it.
/// </summary>
internal sealed class CpuWork
{
    /// <summary>Where every checksum chain starts.</summary>
    public const ulong Seed = 0x2545F4914F6CDD1DUL;

    public ulong Checksum { get; set; } = Seed;

    public long Iterations { get; set; }

    /// <summary>Thread CPU time burned by this request's slices.</summary>
    public TimeSpan Cpu { get; set; }

    /// <summary>Wall time this request waited for the emulated GIL (zero without it).</summary>
    public TimeSpan GilWait { get; set; }

    /// <summary>The most requests computing at once in this process, seen while this one computed.</summary>
    public int ComputingPeak { get; set; }

    public CpuWorkResult Result => new(Iterations, Checksum, Cpu, GilWait, ComputingPeak);
}
