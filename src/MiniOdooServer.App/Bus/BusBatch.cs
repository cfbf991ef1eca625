namespace MiniOdooServer.App.Bus;

/// <summary>
/// Every message one dispatcher scan found: all channels, ids <see cref="After"/> &lt; id ≤ the last row's, with their
/// text. Handed to each subscriber the scan wakes, so that a subscriber that had read up to at least
/// <see cref="After"/> gets its new messages from here — no store query — and the subscribers that get the same
/// messages share one <see cref="BusDelivery"/>, serialized once (a broadcast to 10,000 websockets writes one frame).
/// A subscriber further behind reads from the store, as before.
/// </summary>
public sealed class BusBatch
{
    private readonly IReadOnlyList<BusNotification> _rows;
    private readonly Dictionary<string, BusDelivery> _deliveries = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, BusDelivery> _deliveriesByMask = new();
    private readonly object _lock = new();
    // The delivery of the mask asked last, read without the lock: a broadcast asks for the same one thousands of times.
    private MaskedDelivery? _lastByMask;

    /// <param name="after">The dispatcher's last scanned id before this scan.</param>
    /// <param name="rows">Every row with an id above <paramref name="after"/>, oldest first, contiguous (what the scan read).</param>
    public BusBatch(long after, IReadOnlyList<BusNotification> rows)
    {
        After = after;
        _rows = rows;
    }

    public long After { get; }

    /// <summary>
    /// The messages of <paramref name="channels"/> after <paramref name="last"/>, or null when this batch cannot tell
    /// (the subscriber is behind <see cref="After"/>, or reads the recent window with <c>last = 0</c>).
    /// </summary>
    public BusDelivery? DeliveryFor(IReadOnlyCollection<string> channels, long last)
    {
        if (last == 0 || last < After)
        {
            return null;
        }
        if (_rows.Count <= 64)
        {
            return DeliveryByMask(channels, last);
        }
        List<BusNotification>? found = null;
        foreach (var row in _rows)
        {
            if (row.Id > last && Contains(channels, row.Channel))
            {
                (found ??= []).Add(row);
            }
        }
        if (found is null)
        {
            return BusDelivery.Empty;
        }
        // The same rows give the same bytes, whatever the subscriber's channels or last were.
        var key = string.Join(',', found.Select(r => r.Id));
        lock (_lock)
        {
            if (!_deliveries.TryGetValue(key, out var delivery))
            {
                _deliveries[key] = delivery = new BusDelivery(found);
            }
            return delivery;
        }
    }

    /// <summary>The common case (a scan of at most 64 rows): which rows match is a bit mask, found without allocating.</summary>
    private BusDelivery DeliveryByMask(IReadOnlyCollection<string> channels, long last)
    {
        var mask = 0UL;
        for (var i = 0; i < _rows.Count; i++)
        {
            if (_rows[i].Id > last && Contains(channels, _rows[i].Channel))
            {
                mask |= 1UL << i;
            }
        }
        if (mask == 0)
        {
            return BusDelivery.Empty;
        }
        if (Volatile.Read(ref _lastByMask) is { } recent && recent.Mask == mask)
        {
            return recent.Delivery;
        }
        lock (_lock)
        {
            if (!_deliveriesByMask.TryGetValue(mask, out var delivery))
            {
                var found = new List<BusNotification>(System.Numerics.BitOperations.PopCount(mask));
                for (var i = 0; i < _rows.Count; i++)
                {
                    if ((mask & (1UL << i)) != 0)
                    {
                        found.Add(_rows[i]);
                    }
                }
                _deliveriesByMask[mask] = delivery = new BusDelivery(found);
            }
            Volatile.Write(ref _lastByMask, new MaskedDelivery(mask, delivery));
            return delivery;
        }
    }

    /// <summary>Indexed when it can be (a poll's list, a websocket's array): a foreach over the interface would allocate an enumerator per subscriber.</summary>
    private static bool Contains(IReadOnlyCollection<string> channels, string channel)
    {
        if (channels is IReadOnlyList<string> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i], channel, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }
        foreach (var candidate in channels)
        {
            if (string.Equals(candidate, channel, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private sealed record MaskedDelivery(ulong Mask, BusDelivery Delivery);
}
