namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// How long an accept loop waits after a failed accept: 10 ms, doubling up to 200 ms, so that it serves again within
/// a fraction of a second of descriptors freeing up without spinning on a queue it cannot take from.
/// </summary>
internal sealed class AcceptBackoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(200);

    private TimeSpan _next = First;

    /// <summary>The wait before the next try: 10, 20, 40… up to 200 ms.</summary>
    public TimeSpan Next()
    {
        var wait = _next;
        _next = _next * 2 > Longest ? Longest : _next * 2;
        return wait;
    }

    /// <summary>Waits before the next try; false if stopped meanwhile.</summary>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Next(), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>An accept succeeded: the next failure starts over from the shortest wait.</summary>
    public void Reset() => _next = First;
}
