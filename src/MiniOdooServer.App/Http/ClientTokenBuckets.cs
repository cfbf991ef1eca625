namespace MiniOdooServer.App.Http;

/// <summary>
/// A token bucket per client address: <see cref="Burst"/> tokens at once, one more every <see cref="Refill"/>. Anyone
/// can make a client appear, so the table is bounded: past <see cref="MaxClients"/> entries the buckets that are full
/// again (clients that stopped) are forgotten, then, if none is, the one left alone longest — never the whole table,
/// which would hand every busy client a fresh burst. Thread-safe; per process.
/// </summary>
internal sealed class ClientTokenBuckets(TimeProvider time, int burst, TimeSpan refill, int maxClients)
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public int Burst { get; } = burst;

    public TimeSpan Refill { get; } = refill;

    public int MaxClients { get; } = maxClients;

    /// <summary>Clients held (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _buckets.Count;
            }
        }
    }

    private sealed class Bucket
    {
        public double Tokens;
        public long Stamp;
    }

    /// <summary>Whether <paramref name="client"/> has a token, without taking it; when not, how long until it has one.</summary>
    public bool HasToken(string client, out TimeSpan retryAfter)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            var tokens = _buckets.TryGetValue(client, out var bucket) ? TokensAt(bucket, now) : Burst;
            retryAfter = tokens >= 1 ? TimeSpan.Zero : Refill * (1 - tokens);
            return tokens >= 1;
        }
    }

    /// <summary>Takes one token of <paramref name="client"/>; when none is left, says how long until the next one.</summary>
    public bool TryTake(string client, out TimeSpan retryAfter)
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
            bucket.Tokens = TokensAt(bucket, now);
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

    private double TokensAt(Bucket bucket, long now) => Math.Min(Burst, bucket.Tokens + time.GetElapsedTime(bucket.Stamp, now) / Refill);

    private void Prune(long now)
    {
        string? oldest = null;
        var oldestStamp = long.MaxValue;
        foreach (var (client, bucket) in _buckets)
        {
            if (TokensAt(bucket, now) >= Burst)
            {
                _buckets.Remove(client); // allowed while enumerating a Dictionary since .NET Core 3.0
            }
            else if (bucket.Stamp < oldestStamp)
            {
                (oldest, oldestStamp) = (client, bucket.Stamp);
            }
        }
        if (_buckets.Count >= MaxClients && oldest is not null)
        {
            _buckets.Remove(oldest);
        }
    }
}
