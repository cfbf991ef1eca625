namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// Decides when a process may accept a connection from a shared listening socket, and lets it stop without losing
/// one.
/// <list type="bullet">
/// <item>A prefork HTTP worker (with a <see cref="RequestSlot"/>) accepts only while its slot is free — the free
/// worker is the one that takes the next connection, as in Odoo — and may hold up to <c>capacity</c> connections whose
/// requests are still arriving: a silent or slow client holds a connection, never the slot. It accepts one connection
/// at a time: the next only once the last one's request has taken the slot, or once it is known to wait for its
/// client (<see cref="ConnectionWaitsForClient"/>) — else a worker would take a burst of complete requests from the
/// queue and serve them one by one while another worker idles. Once the slot is taken an accept under way is called
/// off (<see cref="TurnCalledOff"/>), so the next connection stays in the kernel's queue for an idle worker.</item>
/// <item>A process serving many connections at once (the longpolling worker, the threaded server) accepts always and
/// refuses a connection over <c>capacity</c> at once (<see cref="IsOverCapacity"/>) instead of failing later for want
/// of file descriptors.</item>
/// </list>
/// <see cref="Close"/> stops further accepts and cancels a pending one; <see cref="Drained"/> completes once no accept
/// is under way and every admitted connection has ended — only then may the host stop, so that no connection is ever
/// accepted and then dropped by a stopping server.
/// </summary>
public sealed class ConnectionAdmission
{
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _lock = new();
    private readonly RequestSlot? _slot;
    private TaskCompletionSource<bool>? _waiter;
    private long _turn;
    private bool _turnCalledOff;
    private int _accepting;
    private int _open;

    /// <summary>Admitted connections not yet known to wait for their client (a worker with a slot: at most one).</summary>
    private int _fresh;

    /// <param name="capacity">Connections open at once (at least 1).</param>
    /// <param name="slot">The worker's request slot: accept only while it is free, and wait (do not refuse) at capacity.</param>
    public ConnectionAdmission(int capacity, RequestSlot? slot = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _slot = slot;
        if (slot is not null)
        {
            slot.Changed = Reconsider;
        }
    }

    public int Capacity { get; }

    /// <summary>
    /// A one-request-at-a-time worker: its connections are read and written on demand by Kestrel's own thread
    /// (<see cref="OnDemandSocketConnection"/>). A process serving many connections at once keeps Kestrel's socket
    /// transport, whose receive loop notices a client that leaves while it waits.
    /// </summary>
    public bool ServesOneRequestAtATime => _slot is not null;

    /// <summary>Cancelled by <see cref="Close"/>: a pending accept is abandoned.</summary>
    public CancellationToken Closing => _closing.Token;

    public bool IsClosed => _closing.IsCancellationRequested;

    /// <summary>Connections admitted and not yet ended.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Completes once closed, with no accept under way and no admitted connection left.</summary>
    public Task Drained => _drained.Task;

    /// <summary>
    /// Waits until this process may accept; false once closed (the caller must not accept). Once admitted, the accept
    /// must be called off when <see cref="TurnCalledOff"/> names its <see cref="Turn"/> (the slot was taken): call
    /// <see cref="AcceptAbandoned"/> and ask again. Kestrel accepts one connection at a time per listener, so there is at most one waiter.
    /// </summary>
    internal ValueTask<bool> WaitForTurnAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool> waiter;
        lock (_lock)
        {
            if (IsClosed || cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromResult(false);
            }
            if (MayAccept())
            {
                BeginTurn();
                return ValueTask.FromResult(true);
            }
            // Continuations run inline: the thread that ends a connection goes straight on to accept the next one,
            // instead of waking another thread for it — in a one-request worker that wake-up costs more than parsing.
            _waiter = waiter = new TaskCompletionSource<bool>(TaskCreationOptions.None);
        }
        return WaitAsync(waiter, cancellationToken);
    }

    private async ValueTask<bool> WaitAsync(TaskCompletionSource<bool> waiter, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() => Abandon(waiter));
        return await waiter.Task;
    }

    /// <summary>The number of the current accept's turn (a worker with a slot), as <see cref="TurnCalledOff"/> names it.</summary>
    internal long Turn
    {
        get
        {
            lock (_lock)
            {
                return _turn;
            }
        }
    }

    /// <summary>
    /// Told (outside the lock) the number of a turn whose accept must be called off: the request slot was taken, so
    /// the next connection stays queued for an idle worker. A number, not a token: a turn per request would otherwise
    /// cost a cancellation source and its registrations.
    /// </summary>
    internal Action<long>? TurnCalledOff { get; set; }

    /// <summary>Under the lock: an accept begins, with a new turn that the slot being taken will call off.</summary>
    private void BeginTurn()
    {
        _accepting++;
        _turn++;
        _turnCalledOff = false;
    }

    /// <summary>Under the lock.</summary>
    private bool MayAccept() =>
        !IsClosed && (_slot is null || (!_slot.IsHeld && _fresh == 0 && _accepting + _open < Capacity));

    /// <summary>A process without a slot refuses a connection accepted over its capacity (call before <see cref="AcceptSucceeded"/>).</summary>
    internal bool IsOverCapacity => _slot is null && Volatile.Read(ref _open) >= Capacity;

    /// <summary>
    /// The accept begun by <see cref="WaitForTurnAsync"/> produced a connection, which is now open — and, in a worker
    /// with a slot, fresh: the next accept waits until it waits for its client or its request takes the slot.
    /// </summary>
    internal void AcceptSucceeded()
    {
        lock (_lock)
        {
            _accepting--;
            _open++;
            if (_slot is not null)
            {
                _fresh++;
            }
        }
    }

    /// <summary>A fresh connection has nothing more to read for now: its client is slow or silent, accept the next.</summary>
    internal void ConnectionWaitsForClient()
    {
        lock (_lock)
        {
            _fresh--;
        }
        Reconsider();
    }

    /// <summary>The accept begun by <see cref="WaitForTurnAsync"/> was called off or produced nothing to keep.</summary>
    internal void AcceptAbandoned()
    {
        lock (_lock)
        {
            _accepting--;
        }
        Reconsider();
    }

    /// <summary>An admitted connection ended (<paramref name="fresh"/>: before it ever waited for its client).</summary>
    internal void ConnectionEnded(bool fresh = false)
    {
        lock (_lock)
        {
            _open--;
            if (fresh)
            {
                _fresh--;
            }
        }
        Reconsider();
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

    /// <summary>
    /// Something changed (a connection ended, the slot was taken or freed): the waiting accept goes on if it now may,
    /// an accept under way is called off if the slot was taken. Called outside the slot's lock, in any order: it
    /// reads the current state rather than trusting what it was told.
    /// </summary>
    private void Reconsider()
    {
        TaskCompletionSource<bool>? waiter = null;
        long? calledOff = null;
        lock (_lock)
        {
            if (_waiter is not null && MayAccept())
            {
                waiter = _waiter;
                _waiter = null;
                BeginTurn();
            }
            else if (_slot is { IsHeld: true } && !_turnCalledOff && _accepting > 0)
            {
                _turnCalledOff = true;
                calledOff = _turn;
            }
        }
        if (calledOff is { } turn)
        {
            TurnCalledOff?.Invoke(turn);
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
