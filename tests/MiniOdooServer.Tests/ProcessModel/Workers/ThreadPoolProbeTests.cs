using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Tests.ProcessModel.Workers;

/// <summary>
/// The probe answers whether the work item it queued at the previous call has run, queues one at a time, and recovers
/// as soon as the pool catches up.
/// </summary>
public sealed class ThreadPoolProbeTests
{
    private readonly Queue<Action> _queued = new();

    private ThreadPoolProbe Probe() => new(_queued.Enqueue);

    [Fact]
    public void TheFirstCallAnswersAndQueuesOneProbe()
    {
        var probe = Probe();

        Assert.True(probe.Answered());
        Assert.Single(_queued);
    }

    [Fact]
    public void AProbeThatRanBetweenTwoCallsMeansThePoolAnswers()
    {
        var probe = Probe();

        for (var tick = 0; tick < 5; tick++)
        {
            Assert.True(probe.Answered());
            _queued.Dequeue()();
        }
    }

    [Fact]
    public void AProbeStillQueuedMeansThePoolDoesNotAnswerAndNoSecondIsQueued()
    {
        var probe = Probe();
        probe.Answered();

        Assert.False(probe.Answered());
        Assert.False(probe.Answered());
        Assert.Single(_queued);
    }

    [Fact]
    public void ThePoolAnswersAgainOnceTheLateProbeRuns()
    {
        var probe = Probe();
        probe.Answered();
        Assert.False(probe.Answered());

        _queued.Dequeue()();

        Assert.True(probe.Answered());
        Assert.Single(_queued);
    }

    [Fact]
    public void TheRealThreadPoolRunsTheProbe()
    {
        var probe = new ThreadPoolProbe();
        Assert.True(probe.Answered());

        // The pool runs it within moments; nothing but the probe itself tells when.
        Assert.True(SpinWait.SpinUntil(probe.Answered, TimeSpan.FromSeconds(10)));
    }
}
