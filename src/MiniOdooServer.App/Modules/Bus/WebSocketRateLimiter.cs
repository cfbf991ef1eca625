namespace MiniOdooServer.App.Modules.Bus;

/// <summary>
/// Odoo's websocket rate limit (_limit_rate): a client may send <c>burst</c> messages, then no more than
/// <c>burst</c> within <c>burst × delay</c>; one more is refused (the connection closes with 1013 TRY_LATER).
/// A burst of 0 disables it.
/// </summary>
internal sealed class WebSocketRateLimiter(int burst, TimeSpan delay, TimeProvider time)
{
    private readonly Queue<long> _recent = new();

    /// <summary>Counts one incoming message; false when it is over the limit.</summary>
    public bool TryAdmit()
    {
        if (burst <= 0)
        {
            return true;
        }
        var now = time.GetTimestamp();
        if (_recent.Count >= burst)
        {
            var oldest = _recent.Peek();
            if (time.GetElapsedTime(oldest, now) < delay * burst)
            {
                return false;
            }
            _recent.Dequeue();
        }
        _recent.Enqueue(now);
        return true;
    }
}
