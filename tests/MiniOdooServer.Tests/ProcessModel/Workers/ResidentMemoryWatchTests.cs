using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

/// <summary>Issue 15, item 4: /proc is read after a request only when the resident memory may have moved.</summary>
public sealed class ResidentMemoryWatchTests
{
    private int _reads;
    private long _allocated;

    private ResidentMemoryWatch Watch() => new(() => ++_reads * 1000L, () => _allocated);

    [Fact]
    public void SmallRequestsShareOneReadEverySixteen()
    {
        var watch = Watch();

        for (var i = 0; i < 48; i++)
        {
            _allocated += 10_000;
            watch.AfterRequest();
        }

        // The first request reads, then every sixteenth.
        Assert.Equal(1 + 47 / ResidentMemoryWatch.RequestStep, _reads);
    }

    [Fact]
    public void ARequestThatAllocatedMuchIsAlwaysFollowedByARead()
    {
        var watch = Watch();
        watch.AfterRequest();

        _allocated += ResidentMemoryWatch.AllocationStep;
        var resident = watch.AfterRequest();

        Assert.Equal(2, _reads);
        Assert.Equal(2000, resident);
    }
}
