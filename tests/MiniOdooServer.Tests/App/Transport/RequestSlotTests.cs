using MiniOdooServer.App.Http.Transport;

namespace MiniOdooServer.Tests.App.Transport;

public sealed class RequestSlotTests
{
    [Fact]
    public async Task RequestsTakeTheSlotInTheOrderTheyCompleted()
    {
        var slot = new RequestSlot();
        await slot.TakeAsync(CancellationToken.None);
        var served = new List<int>();
        var waiting = Enumerable.Range(1, 3).Select(i => TakeThenRecord(slot, served, i)).ToList();
        Assert.Equal(3, slot.Waiting);

        for (var i = 0; i < 3; i++)
        {
            slot.Release();
            await waiting[i].Within();
        }

        Assert.Equal([1, 2, 3], served);
        Assert.True(slot.IsHeld);
        slot.Release();
        Assert.False(slot.IsHeld);
    }

    [Fact]
    public async Task ARequestWhoseClientLeftLeavesTheLine()
    {
        var slot = new RequestSlot();
        await slot.TakeAsync(CancellationToken.None);
        using var gone = new CancellationTokenSource();
        var leaving = slot.TakeAsync(gone.Token).AsTask();
        var staying = slot.TakeAsync(CancellationToken.None).AsTask();

        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.Equal(1, slot.Waiting);

        slot.Release();
        await staying.Within();
        Assert.True(slot.IsHeld);
    }

    [Fact]
    public async Task TheAdmissionHearsOfEveryChangeOfHolder()
    {
        var slot = new RequestSlot();
        var told = 0;
        slot.Changed = () => told++;

        await slot.TakeAsync(CancellationToken.None);
        var next = slot.TakeAsync(CancellationToken.None).AsTask();
        slot.Release(); // handed over: still held, nothing to tell
        await next.Within();
        slot.Release();

        Assert.Equal(2, told);
    }

    private static async Task TakeThenRecord(RequestSlot slot, List<int> served, int id)
    {
        await slot.TakeAsync(CancellationToken.None);
        lock (served)
        {
            served.Add(id);
        }
    }
}
