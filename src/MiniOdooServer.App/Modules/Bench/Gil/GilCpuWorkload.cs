using System.Diagnostics;

namespace MiniOdooServer.App.Modules.Bench.Gil;

/// <summary>
/// The CPU workload under <c>gil = True</c>: the CPU time is burned while holding the process's
/// <see cref="GlobalInterpreterLock"/>, which is offered to waiting requests after every slice of
/// <see cref="CpuBurner.Slice"/> (so at most about 1 ms of CPU past the switch interval) and let go as soon as the
/// computation ends, before any I/O wait. Two requests computing at once therefore take as long as both one after
/// the other, as two Python threads do; the wall time spent waiting for the lock is added to the work's GIL wait.
/// </summary>
internal sealed class GilCpuWorkload(CpuBurner burner, GlobalInterpreterLock gil) : ICpuWorkload
{
    public async ValueTask RunAsync(CpuWork work, TimeSpan cpu, CancellationToken cancellationToken = default)
    {
        if (cpu <= TimeSpan.Zero)
        {
            return;
        }
        var target = work.Cpu + cpu;
        await EnterAsync(work);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                burner.Burn(work, CpuBurner.Min(CpuBurner.Slice, target - work.Cpu));
                if (work.Cpu >= target)
                {
                    break;
                }
                var turn = gil.YieldIfDueAsync();
                if (!turn.IsCompleted)
                {
                    var waited = Stopwatch.GetTimestamp();
                    await turn;
                    work.GilWait += Stopwatch.GetElapsedTime(waited);
                }
            }
        }
        finally
        {
            gil.Exit();
        }
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

    private async ValueTask EnterAsync(CpuWork work)
    {
        var entering = gil.EnterAsync();
        if (!entering.IsCompleted)
        {
            var waited = Stopwatch.GetTimestamp();
            await entering;
            work.GilWait += Stopwatch.GetElapsedTime(waited);
        }
    }
}
