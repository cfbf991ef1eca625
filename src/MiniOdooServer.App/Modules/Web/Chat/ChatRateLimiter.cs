using MiniOdooServer.App.Http;

namespace MiniOdooServer.App.Modules.Web.Chat;

/// <summary>
/// The public chat's limit per client address: <see cref="Burst"/> messages at once, then one more every
/// <see cref="Refill"/> (<see cref="ClientTokenBuckets"/>, whose table of addresses is bounded by <see cref="MaxClients"/>).
/// </summary>
internal sealed class ChatRateLimiter(TimeProvider time, int burst = 5, TimeSpan? refill = null, int maxClients = 4096)
{
    private readonly ClientTokenBuckets _buckets = new(time, burst, refill ?? TimeSpan.FromSeconds(2), maxClients);

    public int Burst => _buckets.Burst;

    public TimeSpan Refill => _buckets.Refill;

    public int MaxClients => _buckets.MaxClients;

    /// <summary>Takes one token of <paramref name="client"/>; when none is left, says how long until the next one.</summary>
    public bool TryAdmit(string client, out TimeSpan retryAfter) => _buckets.TryTake(client, out retryAfter);
}
