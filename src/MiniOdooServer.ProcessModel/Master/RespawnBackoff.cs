namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// Keeps a crash loop from spinning: after each worker that dies before it is ready, the next start of that kind
/// waits twice as long (0.1 s, 0.2 s, … up to 10 s); a worker that becomes ready resets it. Odoo re-forks at once,
/// forever.
/// </summary>
public sealed class RespawnBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(10);

    public int ConsecutiveBootFailures { get; private set; }

    public DateTimeOffset NotBefore { get; private set; } = DateTimeOffset.MinValue;

    public TimeSpan BootFailed(DateTimeOffset now)
    {
        ConsecutiveBootFailures++;
        var delay = TimeSpan.FromTicks(Math.Min(First.Ticks << Math.Min(ConsecutiveBootFailures - 1, 20), Longest.Ticks));
        NotBefore = now + delay;
        return delay;
    }

    public void Booted()
    {
        ConsecutiveBootFailures = 0;
        NotBefore = DateTimeOffset.MinValue;
    }

    public bool Allows(DateTimeOffset now) => now >= NotBefore;
}
