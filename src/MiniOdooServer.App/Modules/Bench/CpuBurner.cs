namespace MiniOdooServer.App.Modules.Bench;

/// <summary>The plain CPU workload: each unit is <see cref="CpuCalibration.IterationsPerUnit"/> iterations of the spin loop.</summary>
internal sealed class CpuBurner(Func<CpuCalibration> calibration) : ICpuWorkload
{
    /// <summary>Where every run's checksum chain starts, so that the same units give the same checksum however they are sliced.</summary>
    public const ulong Seed = 0x2545F4914F6CDD1DUL;

    /// <summary>A burner using the process's calibration, measured at its first use.</summary>
    public CpuBurner()
        : this(() => CpuCalibration.Current)
    {
    }

    /// <summary>Iterations in one unit (asks for the calibration, so it may measure it).</summary>
    public long IterationsPerUnit => calibration().IterationsPerUnit;

    public CpuWorkResult Run(int units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        var perUnit = calibration().IterationsPerUnit;
        return new CpuWorkResult(perUnit * units, Burn(Seed, units, perUnit));
    }

    /// <summary>Continues a checksum chain by <paramref name="units"/> units of <paramref name="perUnit"/> iterations.</summary>
    public static ulong Burn(ulong state, int units, long perUnit)
    {
        for (var unit = 0; unit < units; unit++)
        {
            state = CpuCalibration.Spin(state, perUnit);
        }
        return state;
    }

    public ValueTask<CpuWorkResult> RunAsync(int units, CancellationToken cancellationToken = default)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return ValueTask.FromResult(Run(units));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        // Unit by unit, so that a time limit stops it within about a millisecond; the checksum is the same chain.
        var perUnit = calibration().IterationsPerUnit;
        var state = Seed;
        for (var unit = 0; unit < units; unit++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            state = Burn(state, 1, perUnit);
        }
        return ValueTask.FromResult(new CpuWorkResult(perUnit * units, state));
    }

    public ValueTask<T> ComputeAsync<T>(Func<T> work) => ValueTask.FromResult(work());
}
