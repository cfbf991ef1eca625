namespace MiniOdooServer.App.Modules.Bench.Gil;

/// <summary>
/// The CPU workload under <c>gil = True</c>: every unit runs while holding the process's
/// <see cref="GlobalInterpreterLock"/>, which is offered to waiting requests between units (so at most one unit,
/// about 1 ms, past the switch interval) and let go as soon as the computation ends, before any I/O wait. Two
/// requests computing at once therefore take as long as both one after the other, as two Python threads do.
/// </summary>
internal sealed class GilCpuWorkload(CpuBurner burner, GlobalInterpreterLock gil) : ICpuWorkload
{
    public async ValueTask<CpuWorkResult> RunAsync(int units, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        var perUnit = burner.IterationsPerUnit;
        var state = CpuBurner.Seed;
        await gil.EnterAsync();
        try
        {
            for (var unit = 0; unit < units; unit++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                state = CpuBurner.Burn(state, 1, perUnit);
                await gil.YieldIfDueAsync();
            }
        }
        finally
        {
            gil.Exit();
        }
        return new CpuWorkResult(perUnit * units, state);
    }

    public async ValueTask<T> ComputeAsync<T>(Func<T> work)
    {
        await gil.EnterAsync();
        try
        {
            return work();
        }
        finally
        {
            gil.Exit();
        }
    }
}
