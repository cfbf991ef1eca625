namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// Slots for open connections. A listener takes a slot before it accepts and the connection gives it back when it
/// ends, so a worker with one slot leaves new connections in the kernel's queue, for a free worker, while it is busy.
/// </summary>
internal sealed class ConnectionGate(int? capacity)
{
    private readonly SemaphoreSlim? _slots = capacity is { } n ? new SemaphoreSlim(n, n) : null;

    public ValueTask WaitAsync(CancellationToken cancellationToken) =>
        _slots is null ? ValueTask.CompletedTask : new ValueTask(_slots.WaitAsync(cancellationToken));

    public void Release() => _slots?.Release();
}
