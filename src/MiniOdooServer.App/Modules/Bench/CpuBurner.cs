namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// The plain CPU workload: spins (<see cref="CpuCalibration.Spin"/>) until the calling thread's own CPU clock has
/// advanced by the amount asked, reading the clock every ~0.1 ms of work (a step of
/// <see cref="CpuCalibration.IterationsPerMillisecond"/> / 10 iterations). Contention therefore changes the wall time
/// of a request, never its work. It also counts the requests computing at this moment in the process.
/// </summary>
internal sealed class CpuBurner(Func<CpuCalibration> calibration, Func<TimeSpan> threadCpu)
{
    /// <summary>How much CPU runs between two looks at a cancellation token (or, under the GIL, at a waiting request).</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(1);

    private const int StepsPerMillisecond = 10;

    private int _computing;

    /// <summary>A burner using the process's calibration (measured at its first use) and the thread CPU clock.</summary>
    public CpuBurner()
        : this(() => CpuCalibration.Current, () => ThreadCpuClock.Now)
    {
    }

    /// <summary>
    /// Burns <paramref name="cpu"/> of this thread's CPU time into <paramref name="work"/>, on this thread, without
    /// stopping; stops after at most one step (~0.1 ms) past it. Nothing is burned for zero or less.
    /// </summary>
    public void Burn(CpuWork work, TimeSpan cpu)
    {
        if (cpu <= TimeSpan.Zero)
        {
            return;
        }
        var step = Math.Max(1, calibration().IterationsPerMillisecond / StepsPerMillisecond);
        var computing = Interlocked.Increment(ref _computing);
        try
        {
            var started = threadCpu();
            var burned = TimeSpan.Zero;
            var state = work.Checksum;
            var iterations = 0L;
            while (burned < cpu)
            {
                state = CpuCalibration.Spin(state, step);
                iterations += step;
                burned = threadCpu() - started;
                computing = Math.Max(computing, Volatile.Read(ref _computing));
            }
            work.Checksum = state;
            work.Iterations += iterations;
            work.Cpu += burned;
            work.ComputingPeak = Math.Max(work.ComputingPeak, computing);
        }
        finally
        {
            Interlocked.Decrement(ref _computing);
        }
    }

    /// <summary>Burns until <paramref name="work"/> has <paramref name="target"/> of CPU in all, a slice at a time.</summary>
    public void BurnUntil(CpuWork work, TimeSpan target, CancellationToken cancellationToken)
    {
        while (work.Cpu < target)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Burn(work, Min(Slice, target - work.Cpu));
        }
    }

    public static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
