namespace MiniOdooServer.App.Modules.Bench;

/// <summary>The plain CPU workload: each unit is <see cref="CpuCalibration.IterationsPerUnit"/> iterations of the spin loop.</summary>
internal sealed class CpuBurner(Func<CpuCalibration> calibration) : ICpuWorkload
{
    /// <summary>A burner using the process's calibration, measured at its first use.</summary>
    public CpuBurner()
        : this(() => CpuCalibration.Current)
    {
    }

    public CpuWorkResult Run(int units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        var perUnit = calibration().IterationsPerUnit;
        var state = 0x2545F4914F6CDD1DUL;
        for (var unit = 0; unit < units; unit++)
        {
            state = CpuCalibration.Spin(state, perUnit);
        }
        return new CpuWorkResult(perUnit * units, state);
    }
}
