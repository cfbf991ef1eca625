namespace MiniOdooServer.App.Bus;

/// <summary>
/// One waiting client (a long-poll or a websocket): the channels it listens to and a signal the dispatcher sets when
/// one of them may have a new message. The signal holds at most one pending wake-up: the client re-reads everything
/// newer than its last id, so several wake-ups need no more than one read.
/// </summary>
public sealed class BusSubscription : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Action<BusSubscription> _unsubscribe;

    internal BusSubscription(IReadOnlyCollection<string> channels, Action<BusSubscription> unsubscribe)
    {
        Channels = channels;
        _unsubscribe = unsubscribe;
    }

    /// <summary>Set by the dispatcher only, under its lock.</summary>
    public IReadOnlyCollection<string> Channels { get; internal set; }

    /// <summary>Wakes the client; safe from any thread, any number of times.</summary>
    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending.
        }
    }

    /// <summary>Waits for a wake-up; false when the token ended the wait.</summary>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _signal.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _unsubscribe(this);
        _signal.Dispose();
    }
}
