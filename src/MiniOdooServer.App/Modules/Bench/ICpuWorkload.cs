namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// The one seam every CPU-bound bench request goes through: a fixed amount of computation, in units of about one
/// millisecond of one core, or one piece of CPU work that cannot be sliced. <see cref="CpuBurner"/> runs it plainly;
/// <see cref="Gil.GilCpuWorkload"/> runs it under a process-wide lock, as Python would, without the routes knowing.
/// </summary>
internal interface ICpuWorkload
{
    /// <summary>Runs <paramref name="units"/> units of computation; the token is looked at between units.</summary>
    ValueTask<CpuWorkResult> RunAsync(int units, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="work"/> (building and serialising a payload) on the same terms as the units.</summary>
    ValueTask<T> ComputeAsync<T>(Func<T> work);
}

/// <summary>What a run computed: the iterations done and their checksum (returned so the work cannot be optimized away).</summary>
internal readonly record struct CpuWorkResult(long Iterations, ulong Checksum);
