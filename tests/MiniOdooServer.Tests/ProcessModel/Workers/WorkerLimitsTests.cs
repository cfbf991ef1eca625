using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.Configuration.Options;
using MiniOdooServer.ProcessModel.Scoreboards;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

/// <summary>Issue 18, item 2: one limit checker for the HTTP, cron and longpolling workers.</summary>
public sealed class WorkerLimitsTests : IDisposable
{
    private const int Pid = 4242;

    private readonly Scoreboard _board = Scoreboard.Create();
    private readonly FakeTimeProvider _time = new();
    private readonly List<ulong> _cpuLimitsSet = [];
    private readonly WorkerSlot _slot;
    private long _rss = 100L << 20;

    public WorkerLimitsTests()
    {
        _slot = _board[_board.Claim()!.Value];
        _slot.Ready(Pid);
    }

    public void Dispose() => _board.Dispose();

    private static LimitOptions Limits(int request = 5) => new()
    {
        Request = request, // below 10, limit_request has no jitter
        MemorySoft = 200L << 20,
        MemoryHard = 300L << 20,
        MemorySoftGevent = 400L << 20,
        TimeCpu = 60,
    };

    private WorkerLimits Create(WorkerKind kind, LimitOptions? limits = null) => new(
        kind, limits ?? Limits(), _slot, _time, Pid, new Random(1),
        kind == WorkerKind.LongPolling ? null : new CpuTimeLimit(60, () => TimeSpan.FromSeconds(10), _cpuLimitsSet.Add, idleTime: null),
        () => _rss);

    [Fact]
    public void AWorkerRetiresOnceItHasServedLimitRequest()
    {
        using var limits = Create(WorkerKind.Http);

        for (var i = 0; i < 4; i++)
        {
            limits.Begin("GET", "/web/health");
            Assert.Null(limits.End());
        }
        limits.Begin("GET", "/web/health");
        var reason = limits.End();

        Assert.Equal(new RetireReason("limit_request", "Worker (4242) max request (5) reached."), reason);
        Assert.Equal(ExitReason.LimitRequest, reason!.Category);
        Assert.Equal(5, limits.Served);
    }

    [Fact]
    public void AnHttpWorkerOverItsSoftMemoryLimitRetiresAfterTheRequest()
    {
        using var limits = Create(WorkerKind.Http);
        _rss = 250L << 20;

        limits.Begin("POST", "/web/dataset/call_kw");
        var reason = limits.End();

        Assert.Equal(new RetireReason("limit_memory_soft", $"Worker (4242) resident memory limit ({200L << 20}) reached: {250L << 20} bytes."), reason);
    }

    [Fact]
    public void ACronWorkerOverItsSoftMemoryLimitNamesTheJob()
    {
        using var limits = Create(WorkerKind.Cron);
        _rss = 250L << 20;

        limits.Begin("CRON", "nightly_export");
        var reason = limits.End();

        Assert.Equal($"Worker (4242) resident memory limit ({200L << 20}) reached after job nightly_export: {250L << 20} bytes.", reason?.LogLine);
    }

    [Fact]
    public void EachRequestShowsInTheSlotWhileItRunsAndIsCountedAfter()
    {
        using var limits = Create(WorkerKind.Cron);

        limits.Begin("CRON", "nightly_export");
        Assert.Equal("CRON nightly_export", _slot.Read().CurrentRequest);
        Assert.Equal("nightly_export", limits.Current);
        limits.End();

        var idle = _slot.Read();
        Assert.Equal((WorkerSlotState.Idle, 1L, 100L << 20), (idle.State, idle.Served, idle.ResidentBytes));
        Assert.Null(limits.Current);
    }

    [Fact]
    public void LimitTimeCpuIsArmedForEachCronJobAndLiftedAfterIt()
    {
        using var limits = Create(WorkerKind.Cron);

        limits.Begin("CRON", "nightly_export");
        limits.End();

        Assert.Equal([10UL + 60, ulong.MaxValue], _cpuLimitsSet);
    }

    [Fact]
    public void SigxcpuInACronJobNamesTheJob()
    {
        using var limits = Create(WorkerKind.Cron);
        limits.Begin("CRON", "nightly_export");

        var reason = limits.CpuTimeReached();

        Assert.Equal(new RetireReason(
            "limit_time_cpu (60s) reached during CRON nightly_export",
            "Worker (4242) CPU time limit (60) reached during cron job nightly_export.", LogLevel.Error), reason);
        Assert.Equal(ExitReason.LimitTimeCpu, reason.Category);
    }

    [Fact]
    public void SigxcpuInARequestSaysOnlyTheLimit()
    {
        using var limits = Create(WorkerKind.Http);
        limits.Begin("GET", "/slow");

        Assert.Equal(new RetireReason("limit_time_cpu (60s) reached", "Worker (4242) CPU time limit (60) reached.", LogLevel.Error),
            limits.CpuTimeReached());
    }

    [Fact]
    public void TheLongpollingWorkerChecksItsOwnSoftLimitBetweenRequests()
    {
        using var limits = Create(WorkerKind.LongPolling);

        _rss = 350L << 20; // over limit_memory_soft, under limit_memory_soft_gevent
        Assert.Null(limits.Check());

        _rss = 450L << 20;
        var reason = limits.Check();

        Assert.Equal(new RetireReason("limit_memory_soft_gevent",
            $"Gevent resident memory limit reached: {450L << 20} bytes (limit_memory_soft_gevent {400L << 20})", LogLevel.Warning), reason);
        Assert.Equal(ExitReason.LimitMemorySoft, reason!.Category);
    }

    [Fact]
    public void EachKindOfWorkerGetsItsLimitsFromOnePlace()
    {
        var limits = Limits() with { TimeCpu = 0 }; // nothing is set on the test process
        using var http = WorkerLimits.ForCurrentProcess(WorkerKind.Http, limits, _slot, _time);
        using var cron = WorkerLimits.ForCurrentProcess(WorkerKind.Cron, limits, _slot, _time);
        using var longPolling = WorkerLimits.ForCurrentProcess(WorkerKind.LongPolling, limits, _slot, _time);

        Assert.Equal((true, true), (http.LimitsCpu, http.CountsRequests));
        Assert.Equal((true, true), (cron.LimitsCpu, cron.CountsRequests));
        Assert.Equal((false, false), (longPolling.LimitsCpu, longPolling.CountsRequests));
    }

    [Fact]
    public void TheLongpollingWorkersMemoryLimitsFallBackToTheCommonOnes()
    {
        var limits = Limits();
        var unset = limits with { MemorySoftGevent = null };

        Assert.Equal((200L << 20, 300L << 20), (MemoryLimits.Soft(WorkerKind.Http, limits), MemoryLimits.Hard(WorkerKind.Cron, limits)));
        Assert.Equal(400L << 20, MemoryLimits.Soft(WorkerKind.LongPolling, limits));
        Assert.Equal(200L << 20, MemoryLimits.Soft(WorkerKind.LongPolling, unset));
        Assert.Equal(300L << 20, MemoryLimits.Hard(WorkerKind.LongPolling, unset with { MemoryHardGevent = null }));
    }
}
