using MiniOdooServer.App.Modules.Bench;

namespace MiniOdooServer.Tests.App.Bench;

public sealed class CpuBurnerTests
{
    /// <summary>A thread CPU clock that advances by <paramref name="perRead"/> at every read, as if each step cost that.</summary>
    private static Func<TimeSpan> SteppingClock(TimeSpan perRead)
    {
        var now = TimeSpan.Zero;
        return () => now += perRead;
    }

    [Fact]
    public void BurnsUntilTheThreadClockHasAdvancedByTheAmountAndAtMostOneStepMore()
    {
        var burner = new CpuBurner(() => new CpuCalibration(1_000), SteppingClock(TimeSpan.FromMilliseconds(0.03)));
        var work = new CpuWork();

        burner.Burn(work, TimeSpan.FromMilliseconds(1));

        Assert.InRange(work.Cpu, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1.03));
        // 0.1 ms of iterations (1,000 per ms / 10) between two reads of the clock.
        Assert.Equal(100 * (long)Math.Round(work.Cpu / TimeSpan.FromMilliseconds(0.03)), work.Iterations);
    }

    [Fact]
    public void ZeroBurnsNothing()
    {
        var burner = new CpuBurner(() => new CpuCalibration(1_000), SteppingClock(TimeSpan.FromMilliseconds(1)));
        var work = new CpuWork();

        burner.Burn(work, TimeSpan.Zero);

        Assert.Equal((0L, TimeSpan.Zero, CpuWork.Seed), (work.Iterations, work.Cpu, work.Checksum));
    }

    [Fact]
    public void BurnUntilReachesTheTotalAndStopsWhenCancelled()
    {
        var burner = new CpuBurner(() => new CpuCalibration(1_000), SteppingClock(TimeSpan.FromMilliseconds(0.1)));
        var work = new CpuWork();

        burner.BurnUntil(work, TimeSpan.FromMilliseconds(5), CancellationToken.None);
        Assert.InRange(work.Cpu, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5.1));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => burner.BurnUntil(work, TimeSpan.FromMilliseconds(50), cancelled.Token));
    }

    [Fact]
    public void TheRealThreadClockSaysTheSameAsTheWork()
    {
        var burner = new CpuBurner();
        burner.Burn(new CpuWork(), TimeSpan.FromMilliseconds(1)); // the calibration and the JIT outside the measure
        var work = new CpuWork();

        var before = ThreadCpuClock.Now;
        burner.Burn(work, TimeSpan.FromMilliseconds(20));
        var spent = ThreadCpuClock.Now - before;

        Assert.InRange(work.Cpu, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(21));
        Assert.InRange(spent, work.Cpu, work.Cpu + TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task TwoRequestsComputingAtOnceBothSeeAPeakOfTwo()
    {
        // Each thread's clock advances 1 ms per read, and every read waits for the other thread's read of the same
        // rank: neither can leave its loop (and stop counting as computing) before the other has looked at the count
        // after its second read, whatever the scheduler does between them.
        using var lockstep = new Barrier(2);
        using var clock = new ThreadLocal<TimeSpan>(() => TimeSpan.Zero);
        var burner = new CpuBurner(() => new CpuCalibration(1_000), () =>
        {
            Assert.True(lockstep.SignalAndWait(TimeSpan.FromSeconds(30)), "the other thread never read its clock");
            return clock.Value += TimeSpan.FromMilliseconds(1);
        });

        var works = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(() =>
        {
            var work = new CpuWork();
            burner.Burn(work, TimeSpan.FromMilliseconds(2));
            return work;
        }, TaskCreationOptions.LongRunning)));

        Assert.All(works, w => Assert.Equal(2, w.ComputingPeak));
    }
}
