namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// Decides when a process may accept a connection from a shared listening socket, and lets it stop without losing
/// one. A prefork HTTP worker has one slot (Odoo's one request at a time): while it is busy, new connections stay
/// in the kernel's queue for an idle worker. <see cref="Close"/> stops further accepts, cancels a pending one, and
/// <see cref="Drained"/> completes once no accept is under way and every admitted connection has ended — only then
/// may the host stop, so that no connection is ever accepted and then dropped by a stopping server.
/// </summary>
public sealed class ConnectionAdmission
{
    private readonly SemaphoreSlim? _slots;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _lock = new();
    private int _accepting;
    private int _open;

    /// <param name="capacity">Connections open at once; null for no limit (the longpolling worker).</param>
    public ConnectionAdmission(int? capacity)
    {
        _slots = capacity is { } n ? new SemaphoreSlim(n, n) : null;
    }

    /// <summary>Cancelled by <see cref="Close"/>: a pending accept is abandoned.</summary>
    public CancellationToken Closing => _closing.Token;

    public bool IsClosed => _closing.IsCancellationRequested;

    /// <summary>Connections admitted and not yet ended.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Completes once closed, with no accept under way and no admitted connection left.</summary>
    public Task Drained => _drained.Task;

    /// <summary>Waits for a free slot before an accept; false once closed (the caller must not accept).</summary>
    internal async ValueTask<bool> TryBeginAcceptAsync(CancellationToken cancellationToken)
    {
        if (_slots is not null)
        {
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
                await _slots.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        lock (_lock)
        {
            if (IsClosed)
            {
                _slots?.Release();
                return false;
            }
            _accepting++;
            return true;
        }
    }

    /// <summary>The accept begun by <see cref="TryBeginAcceptAsync"/> produced a connection, which now holds the slot.</summary>
    internal void AcceptSucceeded()
    {
        lock (_lock)
        {
            _accepting--;
            _open++;
        }
    }

    /// <summary>The accept begun by <see cref="TryBeginAcceptAsync"/> was abandoned; its slot is free again.</summary>
    internal void AcceptAbandoned()
    {
        lock (_lock)
        {
            _accepting--;
            _slots?.Release();
        }
        CompleteIfDrained();
    }

    /// <summary>An admitted connection ended.</summary>
    internal void ConnectionEnded()
    {
        lock (_lock)
        {
            _open--;
            _slots?.Release();
        }
        CompleteIfDrained();
    }

    /// <summary>No further accepts; a pending one is cancelled. Idempotent.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (IsClosed)
            {
                return;
            }
            _closing.Cancel();
        }
        CompleteIfDrained();
    }

    private void CompleteIfDrained()
    {
        lock (_lock)
        {
            if (IsClosed && _accepting == 0 && _open == 0)
            {
                _drained.TrySetResult();
            }
        }
    }
}
