namespace MiniOdooServer.App.Modules.Bench;

/// <summary>The CPU workload without the GIL: each request burns on its own thread, as in a process per request.</summary>
internal sealed class PlainCpuWorkload(CpuBurner burner) : ICpuWorkload
{
    public ValueTask RunAsync(CpuWork work, TimeSpan cpu, CancellationToken cancellationToken = default)
    {
        // Slice by slice, so that a time limit stops it within about a millisecond of CPU.
        burner.BurnUntil(work, work.Cpu + cpu, cancellationToken);
        return ValueTask.CompletedTask;
    }

    public ValueTask<T> ComputeAsync<T>(Func<T> work) => ValueTask.FromResult(work());
}
