namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// The one seam every CPU-bound bench request goes through: an exact amount of the serving thread's CPU time, or one
/// piece of CPU work that cannot be sliced. <see cref="CpuBurner"/> runs it plainly; <see cref="Gil.GilCpuWorkload"/>
/// runs it under a process-wide lock, as Python would, without the routes knowing.
/// </summary>
internal interface ICpuWorkload
{
    /// <summary>
    /// Burns <paramref name="cpu"/> of thread CPU time (measured with the thread's own clock, so load changes only the
    /// wall time), continuing <paramref name="work"/>; the token is looked at every millisecond of CPU.
    /// </summary>
    ValueTask RunAsync(CpuWork work, TimeSpan cpu, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="work"/> (building and serialising a payload) on the same terms as the CPU time.</summary>
    ValueTask<T> ComputeAsync<T>(Func<T> work);
}

/// <summary>
/// What a computation did: the iterations and their checksum (returned so the work cannot be optimized away), the
/// thread CPU time it burned, the wall time it waited for the GIL, and the most requests seen computing at once.
/// </summary>
internal readonly record struct CpuWorkResult(long Iterations, ulong Checksum, TimeSpan Cpu, TimeSpan GilWait, int ComputingPeak);
