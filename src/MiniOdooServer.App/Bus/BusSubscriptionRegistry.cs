namespace MiniOdooServer.App.Bus;

/// <summary>
/// The subscriptions alive in this process, indexed by channel so that a scan wakes only those of the channels that got
/// a message. One lock guards the index; a subscription's own state has its own lock (<see cref="BusSubscription"/>).
/// Once <see cref="CloseAll"/> ran, a subscription added later is closed at once.
/// </summary>
internal sealed class BusSubscriptionRegistry
{
    private readonly Dictionary<string, HashSet<BusSubscription>> _byChannel = new(StringComparer.Ordinal);
    private readonly HashSet<BusSubscription> _all = [];
    private readonly object _lock = new();
    private readonly Action<BusSubscription> _remove;
    private bool _closed;

    public BusSubscriptionRegistry()
    {
        _remove = Remove; // one delegate for every subscription, not one each
    }

    /// <summary>Subscriptions alive now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>A new subscription to <paramref name="channels"/>; disposing it removes it.</summary>
    public BusSubscription Add(IReadOnlyCollection<string> channels)
    {
        var subscription = new BusSubscription([], _remove);
        bool closed;
        lock (_lock)
        {
            _all.Add(subscription);
            closed = _closed;
        }
        Replace(subscription, channels);
        if (closed)
        {
            subscription.Close();
        }
        return subscription;
    }

    /// <summary>Replaces the channels of a subscription.</summary>
    public void Replace(BusSubscription subscription, IReadOnlyCollection<string> channels)
    {
        lock (_lock)
        {
            Unindex(subscription);
            subscription.Channels = channels.Distinct(StringComparer.Ordinal).ToArray();
            foreach (var channel in subscription.Channels)
            {
                if (!_byChannel.TryGetValue(channel, out var set))
                {
                    _byChannel[channel] = set = [];
                }
                set.Add(subscription);
            }
        }
    }

    /// <summary>
    /// Wakes the subscriptions of <paramref name="channels"/> with the scan's messages, in chunks on the thread pool
    /// (<see cref="BusFanOut"/>), after the index's lock is released.
    /// </summary>
    public void Notify(BusBatch batch, IReadOnlyList<string> channels)
    {
        var fanOut = new BusFanOut.Builder(batch);
        lock (_lock)
        {
            for (var i = 0; i < channels.Count; i++)
            {
                if (_byChannel.TryGetValue(channels[i], out var set))
                {
                    foreach (var subscription in set)
                    {
                        fanOut.Add(subscription);
                    }
                }
            }
        }
        fanOut.Start();
    }

    /// <summary>Closes every subscription, and every one added later. Idempotent.</summary>
    public void CloseAll()
    {
        BusSubscription[] open;
        lock (_lock)
        {
            _closed = true;
            open = [.. _all];
        }
        foreach (var subscription in open)
        {
            subscription.Close();
        }
    }

    private void Remove(BusSubscription subscription)
    {
        lock (_lock)
        {
            Unindex(subscription);
            _all.Remove(subscription);
        }
    }

    private void Unindex(BusSubscription subscription)
    {
        foreach (var channel in subscription.Channels)
        {
            if (_byChannel.TryGetValue(channel, out var set) && set.Remove(subscription) && set.Count == 0)
            {
                _byChannel.Remove(channel);
            }
        }
    }
}
