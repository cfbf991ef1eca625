namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// The one seam every CPU-bound bench request goes through: a fixed amount of computation, in units of about one
/// millisecond of one core. A decorator can wrap it (e.g. a process-wide lock handed over every few units, to
/// emulate Python's GIL) without the route knowing.
/// </summary>
internal interface ICpuWorkload
{
    /// <summary>Runs <paramref name="units"/> units of computation on the calling thread.</summary>
    CpuWorkResult Run(int units);
}

/// <summary>What a run computed: the iterations done and their checksum (returned so the work cannot be optimized away).</summary>
internal readonly record struct CpuWorkResult(long Iterations, ulong Checksum);
