using System.Net;
using System.Net.Sockets;
using MiniOdooServer.App.Http;

namespace MiniOdooServer.App.Security;

/// <summary>
/// Failed admin credentials per client address, as a token bucket: <see cref="Burst"/> failures at once, then one
/// more every <see cref="Refill"/>; a client with none left is refused before its credential is even looked at. IPv6
/// clients count by their /64, which one machine usually owns whole. The table holds only addresses that failed and is
/// bounded (<see cref="ClientTokenBuckets"/>), so a flood from many addresses costs bounded memory, and each such
/// address still gets only its burst. Per process: in prefork mode each HTTP worker keeps its own table.
/// </summary>
internal sealed class FailedAttemptThrottle(TimeProvider time, int burst = 5, TimeSpan? refill = null, int maxClients = 4096)
{
    // One more attempt per 10 s: 360 guesses an hour per address at most.
    private readonly ClientTokenBuckets _buckets = new(time, burst, refill ?? TimeSpan.FromSeconds(10), maxClients);

    public int Burst => _buckets.Burst;

    public TimeSpan Refill => _buckets.Refill;

    /// <summary>Addresses held (for tests).</summary>
    public int Count => _buckets.Count;

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
    public bool MayTry(string client, out TimeSpan retryAfter) => _buckets.HasToken(client, out retryAfter);

    /// <summary>Counts one failure of <paramref name="client"/>.</summary>
    public void RecordFailure(string client) => _buckets.TryTake(client, out _);
}
