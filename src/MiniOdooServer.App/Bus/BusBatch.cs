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
    private readonly object _lock = new();

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
        var key = found.Count == 1 ? found[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Join(',', found.Select(r => r.Id));
        lock (_lock)
        {
            if (!_deliveries.TryGetValue(key, out var delivery))
            {
                _deliveries[key] = delivery = new BusDelivery(found);
            }
            return delivery;
        }
    }

    private static bool Contains(IReadOnlyCollection<string> channels, string channel)
    {
        foreach (var candidate in channels)
        {
            if (string.Equals(candidate, channel, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
