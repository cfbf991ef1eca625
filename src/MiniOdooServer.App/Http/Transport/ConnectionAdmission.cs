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
    private readonly int? _capacity;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _lock = new();
    private TaskCompletionSource<bool>? _waiter;
    private int _accepting;
    private int _open;

    /// <param name="capacity">Connections open at once; null for no limit (the longpolling worker).</param>
    public ConnectionAdmission(int? capacity)
    {
        _capacity = capacity;
    }

    /// <summary>
    /// One connection at a time (a prefork HTTP worker): its connections are read and written on demand by Kestrel's
    /// own thread (<see cref="OnDemandSocketConnection"/>). A process holding many idle connections (the longpolling
    /// worker) keeps Kestrel's socket transport, whose receive loop notices a client that leaves while it waits.
    /// </summary>
    public bool ServesOneAtATime => _capacity == 1;

    /// <summary>Whether connections are limited at all (false for the longpolling worker).</summary>
    public bool IsLimited => _capacity is not null;

    /// <summary>Cancelled by <see cref="Close"/>: a pending accept is abandoned.</summary>
    public CancellationToken Closing => _closing.Token;

    public bool IsClosed => _closing.IsCancellationRequested;

    /// <summary>Connections admitted and not yet ended.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Completes once closed, with no accept under way and no admitted connection left.</summary>
    public Task Drained => _drained.Task;

    /// <summary>
    /// Waits for a free slot before an accept; false once closed (the caller must not accept). Kestrel accepts one
    /// connection at a time per listener, so there is at most one waiter.
    /// </summary>
    internal ValueTask<bool> TryBeginAcceptAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> waiter;
        lock (_lock)
        {
            if (IsClosed || cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromResult(false);
            }
            if (_capacity is not { } capacity || _accepting + _open < capacity)
            {
                _accepting++;
                return ValueTask.FromResult(true);
            }
            // Continuations run inline: the thread that ends a connection goes straight on to accept the next one,
            // instead of waking another thread for it — in a one-request worker that wake-up costs more than parsing.
            _waiter = waiter = new TaskCompletionSource<bool>(TaskCreationOptions.None);
        }
        return WaitForSlotAsync(waiter, cancellationToken);
    }

    private async ValueTask<bool> WaitForSlotAsync(TaskCompletionSource<bool> waiter, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() => Abandon(waiter));
        return await waiter.Task;
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
        }
        SlotFreed();
    }

    /// <summary>An admitted connection ended.</summary>
    internal void ConnectionEnded()
    {
        lock (_lock)
        {
            _open--;
        }
        SlotFreed();
    }

    /// <summary>No further accepts; a pending one is cancelled. Idempotent.</summary>
    public void Close()
    {
        TaskCompletionSource<bool>? waiter;
        lock (_lock)
        {
            if (IsClosed)
            {
                return;
            }
            _closing.Cancel();
            waiter = _waiter;
            _waiter = null;
        }
        waiter?.TrySetResult(false);
        CompleteIfDrained();
    }

    /// <summary>Hands a freed slot to the waiting accept, if any, outside the lock (its continuation runs here).</summary>
    private void SlotFreed()
    {
        TaskCompletionSource<bool>? waiter = null;
        lock (_lock)
        {
            if (_waiter is not null && !IsClosed)
            {
                waiter = _waiter;
                _waiter = null;
                _accepting++;
            }
        }
        waiter?.TrySetResult(true);
        CompleteIfDrained();
    }

    private void Abandon(TaskCompletionSource<bool> waiter)
    {
        lock (_lock)
        {
            if (_waiter != waiter)
            {
                return;
            }
            _waiter = null;
        }
        waiter.TrySetResult(false);
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
