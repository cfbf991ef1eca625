namespace MiniOdooServer.App.Bus;

/// <summary>
/// Where bus messages live and how processes tell each other that one was sent. Any process may send; the processes
/// that serve long-polls and websockets listen. Implementations throw <see cref="BusUnavailableException"/> when the
/// store cannot be reached, never a driver exception.
/// </summary>
public interface IBusStore : IAsyncDisposable
{
    /// <summary>For log lines: what and where the store is.</summary>
    string Description { get; }

    /// <summary>Stores a message and wakes every listening process; returns its id.</summary>
    Task<long> SendAsync(string channel, string message, CancellationToken cancellationToken);

    /// <summary>
    /// Messages of <paramref name="channels"/> with an id above <paramref name="after"/> and created at or after
    /// <paramref name="createdSince"/>, oldest first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<BusNotification>> FetchAsync(
        IReadOnlyCollection<string> channels, long after, DateTimeOffset createdSince, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Every message above <paramref name="after"/>, oldest first, at most <paramref name="limit"/>, whatever its channel
    /// (the dispatcher's scan: it wakes the subscribers and hands them these messages).
    /// </summary>
    Task<IReadOnlyList<BusNotification>> ScanAsync(long after, int limit, CancellationToken cancellationToken);

    /// <summary>The highest id ever given, 0 for an empty bus.</summary>
    Task<long> LastIdAsync(CancellationToken cancellationToken);

    /// <summary>Deletes messages created before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="woken"/> whenever any process has sent, until cancelled. Reconnects on its own after a
    /// failure and then calls <paramref name="woken"/> once, since wake-ups may have been missed meanwhile.
    /// <paramref name="listening"/> is called each time the listener is (re)established.
    /// </summary>
    Task ListenAsync(Action woken, Action listening, CancellationToken cancellationToken);
}
