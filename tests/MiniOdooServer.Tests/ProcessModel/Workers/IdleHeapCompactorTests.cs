using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

public sealed class IdleHeapCompactorTests
{
    private long _rss = 30L << 20;
    private long _allocated;
    private int _compactions;

    private IdleHeapCompactor Create() => new(() => _rss, () => _allocated, () =>
    {
        _compactions++;
        _rss -= 20L << 20; // the burst's garbage given back
    });

    [Fact]
    public void AfterABurstTheFirstQuietTickCompactsOnce()
    {
        var compactor = Create();
        _rss += 100L << 20;
        _allocated += 500L << 20;

        Assert.False(compactor.Tick()); // still busy: allocating
        Assert.True(compactor.Tick());  // quiet now
        Assert.False(compactor.Tick()); // no new growth since
        Assert.Equal(1, _compactions);
    }

    [Fact]
    public void ABusyOrBarelyGrownProcessIsLeftAlone()
    {
        var compactor = Create();
        _rss += 10L << 20; // below the growth step
        Assert.False(compactor.Tick());
        _rss += 100L << 20;
        for (var i = 0; i < 5; i++)
        {
            _allocated += 2L << 20; // busy on every tick
            Assert.False(compactor.Tick());
        }
        Assert.Equal(0, _compactions);
    }

    [Fact]
    public void AnHttpWorkersSmallerGrowthStepCompactsAfterASmallerLoad()
    {
        // An HTTP worker's load leaves tens of MB of dead objects in the older generations (issue 15, item 6).
        var compactor = new IdleHeapCompactor(() => _rss, () => _allocated, () => _compactions++, growth: 8L << 20);
        _rss += 10L << 20;
        _allocated += 500L << 20;

        Assert.False(compactor.Tick());
        Assert.True(compactor.Tick());
        Assert.Equal(1, _compactions);
    }
}
