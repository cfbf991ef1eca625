namespace MiniOdooServer.App.Modules.Web.Chat;

/// <summary>
/// A token bucket per client address for the public chat: <see cref="Burst"/> messages at once, then one more every
/// <see cref="Refill"/>. Anyone may post, so the table of addresses is bounded: past <see cref="MaxClients"/> entries
/// the buckets that are full again (clients that stopped posting) are forgotten, and if none is, the table is cleared
/// rather than allowed to grow without end.
/// </summary>
internal sealed class ChatRateLimiter(TimeProvider time, int burst = 5, TimeSpan? refill = null, int maxClients = 4096)
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public int Burst { get; } = burst;

    public TimeSpan Refill { get; } = refill ?? TimeSpan.FromSeconds(2);

    public int MaxClients { get; } = maxClients;

    private sealed class Bucket
    {
        public double Tokens;
        public long Stamp;
    }

    /// <summary>Takes one token of <paramref name="client"/>; when none is left, says how long until the next one.</summary>
    public bool TryAdmit(string client, out TimeSpan retryAfter)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (!_buckets.TryGetValue(client, out var bucket))
            {
                if (_buckets.Count >= MaxClients)
                {
                    Prune(now);
                }
                bucket = new Bucket { Tokens = Burst, Stamp = now };
                _buckets[client] = bucket;
            }
            bucket.Tokens = Math.Min(Burst, bucket.Tokens + time.GetElapsedTime(bucket.Stamp, now) / Refill);
            bucket.Stamp = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = Refill * (1 - bucket.Tokens);
            return false;
        }
    }

    private void Prune(long now)
    {
        foreach (var (client, bucket) in _buckets.ToArray())
        {
            if (bucket.Tokens + time.GetElapsedTime(bucket.Stamp, now) / Refill >= Burst)
            {
                _buckets.Remove(client);
            }
        }
        if (_buckets.Count >= MaxClients)
        {
            _buckets.Clear();
        }
    }
}
