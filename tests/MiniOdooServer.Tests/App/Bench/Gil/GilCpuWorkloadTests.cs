using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Modules.Bench;
using MiniOdooServer.App.Modules.Bench.Gil;

namespace MiniOdooServer.Tests.App.Bench.Gil;

public sealed class GilCpuWorkloadTests
{
    [Fact]
    public async Task BurnsTheCpuAskedForLikeThePlainBurner()
    {
        var workload = new GilCpuWorkload(Burner(), new GlobalInterpreterLock(new FakeTimeProvider(), GlobalInterpreterLock.DefaultSwitchInterval));
        var work = new CpuWork();

        await workload.RunAsync(work, TimeSpan.FromMilliseconds(9));

        Assert.InRange(work.Cpu, TimeSpan.FromMilliseconds(9), TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.Zero, work.GilWait);
    }

    [Fact]
    public async Task TheComputationHoldsTheLockAndLetsItGoWhenItEnds()
    {
        var gil = new GlobalInterpreterLock(new FakeTimeProvider(), GlobalInterpreterLock.DefaultSwitchInterval);
        var workload = new GilCpuWorkload(Burner(), gil);

        var heldInside = await workload.ComputeAsync(() => gil.IsHeld);
        await workload.RunAsync(new CpuWork(), TimeSpan.FromMilliseconds(3));

        Assert.True(heldInside);
        Assert.False(gil.IsHeld);
    }

    [Fact]
    public async Task WhileOneRequestWaitsForIoAnotherComputes()
    {
        // A mixed request: compute, then wait for I/O. The wait must not hold the lock, or the second request
        // (pure computation) could not finish before the first one's I/O does.
        var gil = new GlobalInterpreterLock(TimeProvider.System, GlobalInterpreterLock.DefaultSwitchInterval);
        var workload = new GilCpuWorkload(Burner(), gil);
        var io = new TaskCompletionSource();
        var computed = new TaskCompletionSource();

        var mixed = Task.Run(async () =>
        {
            await workload.RunAsync(new CpuWork(), TimeSpan.FromMilliseconds(2));
            computed.SetResult();
            await io.Task;
        });
        await computed.Task;
        var compute = workload.RunAsync(new CpuWork(), TimeSpan.FromMilliseconds(5)).AsTask();

        await compute.Within();
        Assert.False(mixed.IsCompleted);
        io.SetResult();
        await mixed;
    }

    [Fact]
    public async Task ComputationsNeverOverlap()
    {
        var gil = new GlobalInterpreterLock(TimeProvider.System, GlobalInterpreterLock.DefaultSwitchInterval);
        var workload = new GilCpuWorkload(Burner(), gil);
        var running = 0;
        var most = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await workload.ComputeAsync(() =>
                {
                    var now = Interlocked.Increment(ref running);
                    InterlockedMax(ref most, now);
                    Thread.SpinWait(10_000);
                    return Interlocked.Decrement(ref running);
                });
            }
        })));

        Assert.Equal(1, most);
    }

    [Fact]
    public async Task TwoLongComputationsTakeTurnsEveryFewMillisecondsOfRealCpu()
    {
        // Two requests of 150 ms of thread CPU that interleave hand the lock over about every 5 ms; a lock without
        // hand-over would let the first finish before the second starts.
        var gil = new GlobalInterpreterLock(TimeProvider.System, GlobalInterpreterLock.DefaultSwitchInterval);
        var workload = new GilCpuWorkload(new CpuBurner(), gil);
        await workload.RunAsync(new CpuWork(), TimeSpan.FromMilliseconds(1)); // measure the calibration outside the timed part

        // Both requests queue behind the test before either computes, so neither can finish before the other starts.
        await gil.EnterAsync();
        var works = new[] { new CpuWork(), new CpuWork() };
        var first = Task.Run(() => workload.RunAsync(works[0], TimeSpan.FromMilliseconds(150)).AsTask());
        var second = Task.Run(() => workload.RunAsync(works[1], TimeSpan.FromMilliseconds(150)).AsTask());
        Assert.True(SpinWait.SpinUntil(() => gil.Waiting == 2, TimeSpan.FromSeconds(10)));
        gil.Exit();
        await Task.WhenAll(first, second);

        // 150 ms of shared CPU in 5 ms turns: ideally about 30 hand-overs; a loaded machine only stretches the turns.
        Assert.InRange(gil.HandOvers - 1, 5, 200);
        // Never computing at once, each waiting for the lock while the other held it.
        Assert.All(works, w => Assert.Equal(1, w.ComputingPeak));
        Assert.All(works, w => Assert.True(w.GilWait > TimeSpan.Zero));
    }

    private static CpuBurner Burner() => new(() => new CpuCalibration(1_000), () => ThreadCpuClock.Now);

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
