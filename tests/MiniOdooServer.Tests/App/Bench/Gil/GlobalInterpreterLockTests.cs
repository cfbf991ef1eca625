using Microsoft.Extensions.Time.Testing;
using MiniOdooServer.App.Modules.Bench.Gil;

namespace MiniOdooServer.Tests.App.Bench.Gil;

public sealed class GlobalInterpreterLockTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly GlobalInterpreterLock _gil;

    public GlobalInterpreterLockTests() => _gil = new GlobalInterpreterLock(_time, GlobalInterpreterLock.DefaultSwitchInterval);

    [Fact]
    public void TheSwitchIntervalIsCPythonsFiveMilliseconds()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(5), GlobalInterpreterLock.DefaultSwitchInterval);
    }

    [Fact]
    public void AFreeLockIsTakenAtOnce()
    {
        Assert.True(_gil.EnterAsync().IsCompletedSuccessfully);
        Assert.True(_gil.IsHeld);
    }

    [Fact]
    public void ASecondRequestWaitsForTheOwner()
    {
        _gil.EnterAsync();

        var second = _gil.EnterAsync();

        Assert.False(second.IsCompleted);
        Assert.Equal(1, _gil.Waiting);
    }

    [Fact]
    public void TheOwnerKeepsTheLockUntilItHasHeldItFiveMilliseconds()
    {
        _gil.EnterAsync();
        var waiter = _gil.EnterAsync();

        _time.Advance(TimeSpan.FromMilliseconds(4.9));
        var yielded = _gil.YieldIfDueAsync();

        Assert.True(yielded.IsCompletedSuccessfully);
        Assert.False(waiter.IsCompleted);
        Assert.Equal(0, _gil.HandOvers);
    }

    [Fact]
    public void AfterFiveMillisecondsTheOwnerHandsOverAndWaitsItsTurn()
    {
        _gil.EnterAsync();
        var waiter = _gil.EnterAsync();

        _time.Advance(TimeSpan.FromMilliseconds(5));
        var yielded = _gil.YieldIfDueAsync();

        Assert.True(waiter.IsCompletedSuccessfully);
        Assert.False(yielded.IsCompleted);
        Assert.Equal(1, _gil.HandOvers);
        Assert.True(_gil.IsHeld);
    }

    [Fact]
    public void WithNobodyWaitingTheOwnerNeverYields()
    {
        _gil.EnterAsync();

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(_gil.YieldIfDueAsync().IsCompletedSuccessfully);
        Assert.Equal(0, _gil.HandOvers);
    }

    [Fact]
    public void TheYieldingOwnerCannotGrabTheLockBackBeforeTheWaiterGivesItUp()
    {
        _gil.EnterAsync();
        var waiter = _gil.EnterAsync();
        _time.Advance(TimeSpan.FromMilliseconds(5));
        var yielded = _gil.YieldIfDueAsync();
        Assert.True(waiter.IsCompletedSuccessfully);

        // The former owner is queued: however long it waits, only the new owner's exit or yield gives it the lock.
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.False(yielded.IsCompleted);

        _gil.Exit();
        Assert.True(yielded.IsCompletedSuccessfully);
        Assert.True(_gil.IsHeld);
    }

    [Fact]
    public void HandOverIsFirstInFirstOutAndTheYielderGoesToTheBackOfTheQueue()
    {
        var order = new List<string>();
        _gil.EnterAsync();
        var turns = new Dictionary<string, Task>
        {
            ["B"] = _gil.EnterAsync(),
            ["C"] = _gil.EnterAsync(),
            ["D"] = _gil.EnterAsync(),
        };

        // A holds 5 ms and yields; each new owner does the same; the order must be B, C, D, then A again.
        _time.Advance(TimeSpan.FromMilliseconds(5));
        turns["A"] = _gil.YieldIfDueAsync();
        for (var round = 0; round < 4; round++)
        {
            var owner = TheOneOwner(turns, order);
            _time.Advance(TimeSpan.FromMilliseconds(5));
            turns.Remove(owner);
            if (round < 3)
            {
                turns[owner + "'"] = _gil.YieldIfDueAsync();
            }
        }

        Assert.Equal(["B", "C", "D", "A"], order);
        Assert.Equal(4, _gil.HandOvers);
    }

    [Fact]
    public void ExitHandsTheLockToTheFirstWaiterWithoutAFreeMoment()
    {
        _gil.EnterAsync();
        var first = _gil.EnterAsync();

        _gil.Exit();
        var latecomer = _gil.EnterAsync();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(latecomer.IsCompleted);
        Assert.True(_gil.IsHeld);
    }

    [Fact]
    public void TheIntervalCountsFromTheHandOver()
    {
        _gil.EnterAsync();
        var second = _gil.EnterAsync();
        _time.Advance(TimeSpan.FromMilliseconds(20));
        _gil.YieldIfDueAsync();
        Assert.True(second.IsCompletedSuccessfully);

        _time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.True(_gil.YieldIfDueAsync().IsCompletedSuccessfully);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(_gil.YieldIfDueAsync().IsCompleted);
    }

    [Fact]
    public void ExitWithoutWaitersFreesTheLock()
    {
        _gil.EnterAsync();

        _gil.Exit();

        Assert.False(_gil.IsHeld);
        Assert.True(_gil.EnterAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public void ExitingOrYieldingALockNobodyHoldsIsAProgrammingError()
    {
        Assert.Throws<InvalidOperationException>(() => _gil.Exit());
        Assert.Throws<InvalidOperationException>(() => { _ = _gil.YieldIfDueAsync(); });
    }

    /// <summary>Exactly one of the pending turns has been granted (grants complete synchronously): records and returns its name.</summary>
    private static string TheOneOwner(Dictionary<string, Task> turns, List<string> order)
    {
        var owner = Assert.Single(turns.Where(t => t.Value.IsCompleted).Select(t => t.Key));
        order.Add(owner.TrimEnd('\''));
        return owner;
    }
}
