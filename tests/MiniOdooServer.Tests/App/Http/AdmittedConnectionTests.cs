using Microsoft.AspNetCore.Connections;
using MiniOdooServer.App.Http.Transport;

namespace MiniOdooServer.Tests.App.Http;

/// <summary>A connection handed over to the longpolling worker gives its slot back before it ends.</summary>
public sealed class AdmittedConnectionTests
{
    [Fact]
    public async Task ReleasingTheSlotLetsTheWorkerAcceptAgainWhileTheConnectionLives()
    {
        var admission = new ConnectionAdmission(capacity: 1);
        Assert.True(await admission.TryBeginAcceptAsync(default));
        admission.AcceptSucceeded();
        var connection = new AdmittedConnection(new DefaultConnectionContext(), admission);
        using var noSlot = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.False(await admission.TryBeginAcceptAsync(noSlot.Token));

        connection.Features.Get<IConnectionSlotFeature>()!.ReleaseSlot();

        using var slot = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        Assert.True(await admission.TryBeginAcceptAsync(slot.Token));
        admission.AcceptAbandoned();
        await connection.DisposeAsync(); // the end frees nothing twice
        Assert.Equal(0, admission.OpenConnections);
    }

    [Fact]
    public async Task AReleasedConnectionDoesNotHoldUpTheDrain()
    {
        var admission = new ConnectionAdmission(capacity: 1);
        Assert.True(await admission.TryBeginAcceptAsync(default));
        admission.AcceptSucceeded();
        var connection = new AdmittedConnection(new DefaultConnectionContext(), admission);

        connection.Features.Get<IConnectionSlotFeature>()!.ReleaseSlot();
        admission.Close();

        Assert.True(admission.Drained.IsCompleted);
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task WithoutACapacityThereIsNoSlotToReleaseAndTheEndIsStillCounted()
    {
        var admission = new ConnectionAdmission(capacity: null);
        Assert.True(await admission.TryBeginAcceptAsync(default));
        admission.AcceptSucceeded();
        var connection = new AdmittedConnection(new DefaultConnectionContext(), admission);

        Assert.Null(connection.Features.Get<IConnectionSlotFeature>());
        Assert.Equal(1, admission.OpenConnections);
        await connection.DisposeAsync();
        Assert.Equal(0, admission.OpenConnections);
    }
}
