namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// A prefork HTTP worker's one request slot (Odoo's one request at a time). Requests take it once they have fully
/// arrived and in the order they did; a connection still sending its request holds nothing. While the slot is held
/// the worker accepts no connection (<see cref="ConnectionAdmission"/>), so new requests go to an idle worker.
/// </summary>
public sealed class RequestSlot
{
    private readonly object _lock = new();
    private readonly LinkedList<TaskCompletionSource<bool>> _waiting = new();
    private bool _held;

    /// <summary>Told after every change of <see cref="IsHeld"/>, outside the lock (the admission re-reads it).</summary>
    internal Action? Changed { get; set; }

    /// <summary>A request holds the slot (requests may also be waiting for it).</summary>
    public bool IsHeld
    {
        get
        {
            lock (_lock)
            {
                return _held;
            }
        }
    }

    /// <summary>Complete requests waiting for the slot.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Takes the slot, waiting behind the requests that completed earlier; cancelled when the client leaves.</summary>
    public ValueTask TakeAsync(CancellationToken cancellationToken)
    {
        LinkedListNode<TaskCompletionSource<bool>> node;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                node = null!;
            }
            else
            {
                // Handed over from Release: the next request starts on a fresh thread, not deep in the previous one's stack.
                node = _waiting.AddLast(new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
            }
        }
        if (node is null)
        {
            Changed?.Invoke();
            return ValueTask.CompletedTask;
        }
        return WaitAsync(node, cancellationToken);
    }

    private async ValueTask WaitAsync(LinkedListNode<TaskCompletionSource<bool>> node, CancellationToken cancellationToken)
    {
        bool granted;
        await using (cancellationToken.Register(() => Withdraw(node)))
        {
            granted = await node.Value.Task.ConfigureAwait(false);
        }
        if (!granted)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>Gives the slot to the request that completed first among those waiting, or frees it.</summary>
    public void Release()
    {
        TaskCompletionSource<bool>? next = null;
        lock (_lock)
        {
            if (_waiting.First is { } first)
            {
                _waiting.RemoveFirst();
                next = first.Value;
            }
            else
            {
                _held = false;
            }
        }
        if (next is not null)
        {
            next.TrySetResult(true);
            return;
        }
        Changed?.Invoke();
    }

    /// <summary>A waiting request's client left: it leaves the line (if it was already handed the slot, it releases it later).</summary>
    private void Withdraw(LinkedListNode<TaskCompletionSource<bool>> node)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return;
            }
            _waiting.Remove(node);
        }
        node.Value.TrySetResult(false);
    }
}
