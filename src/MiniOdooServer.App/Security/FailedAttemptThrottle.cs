using System.Net;
using System.Net.Sockets;

namespace MiniOdooServer.App.Security;

/// <summary>
/// Failed admin credentials per client address, as a token bucket: <see cref="Burst"/> failures at once, then one
/// more every <see cref="Refill"/>; a client with none left is refused before its credential is even looked at. IPv6
/// clients count by their /64, which one machine usually owns whole. The table holds only addresses that failed and is
/// capped at <see cref="MaxClients"/>: past it the buckets that are full again are forgotten, then the longest unused
/// one, so a flood from many addresses costs bounded memory (each such address still gets only its burst). Per process:
/// in prefork mode each HTTP worker keeps its own table.
/// </summary>
internal sealed class FailedAttemptThrottle(TimeProvider time, int burst = 5, TimeSpan? refill = null, int maxClients = 4096)
{
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public int Burst { get; } = burst;

    /// <summary>One more attempt per this much time: 360 guesses an hour per address at most.</summary>
    public TimeSpan Refill { get; } = refill ?? TimeSpan.FromSeconds(10);

    public int MaxClients { get; } = maxClients;

    /// <summary>Addresses held (for tests).</summary>
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

    /// <summary>The key an address is counted under.</summary>
    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            return "-";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>Whether <paramref name="client"/> may try; when not, how long until it may.</summary>
    public bool MayTry(string client, out TimeSpan retryAfter)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (!_buckets.TryGetValue(client, out var bucket) || TokensAt(bucket, now) >= 1)
            {
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = Refill * (1 - TokensAt(bucket, now));
            return false;
        }
    }

    /// <summary>Counts one failure of <paramref name="client"/>.</summary>
    public void RecordFailure(string client)
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
            bucket.Tokens = Math.Max(0, TokensAt(bucket, now) - 1);
            bucket.Stamp = now;
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
