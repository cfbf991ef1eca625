using MiniOdooServer.App.Http;
using MiniOdooServer.App.Modules.Bench;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.App.Bench;

/// <summary>limit_time_real bounds the long bench routes where no watchdog kills a request.</summary>
public sealed class BenchDeadlineTests
{
    private static readonly ServerOptions Options = new() { Limits = new LimitOptions { TimeReal = 3 } };

    [Theory]
    [InlineData("threaded", 3.0)]
    [InlineData("longpolling", 3.0)]
    [InlineData("http", null)] // the master's watchdog kills the worker instead
    public void TheLimitAppliesWhereNoWatchdogKills(string role, double? seconds) =>
        Assert.Equal(seconds is { } s ? TimeSpan.FromSeconds(s) : null,
            BenchDeadline.For(Options, new ProcessIdentity(1, role, 0), TimeProvider.System).Limit);

    [Fact]
    public void ZeroMeansNoLimit() =>
        Assert.Null(BenchDeadline.For(new ServerOptions { Limits = new LimitOptions { TimeReal = 0 } },
            new ProcessIdentity(1, "threaded", 0), TimeProvider.System).Limit);

    [Fact]
    public void AHangIsBoundedByTheLimit()
    {
        var deadline = BenchDeadline.For(Options, new ProcessIdentity(1, "threaded", 0), TimeProvider.System);

        Assert.Equal(TimeSpan.FromSeconds(3), deadline.Bound(TimeSpan.FromSeconds(3600)));
        Assert.Equal(TimeSpan.FromSeconds(1), deadline.Bound(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task ACancelledCpuRunStopsBetweenSlices()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var workload = new PlainCpuWorkload(new CpuBurner());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => workload.RunAsync(new CpuWork(), TimeSpan.FromSeconds(600), cancelled.Token).AsTask());
        using var live = new CancellationTokenSource();
        var work = new CpuWork();
        await workload.RunAsync(work, TimeSpan.FromMilliseconds(3), live.Token);
        // The bound on the overshoot is CpuBurnerTests' (on a fake clock); here the real clock of a busy virtual
        // machine may also count a step the hypervisor interrupted.
        Assert.InRange(work.Cpu, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(10));
    }
}
