namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// The one way a functional test waits: for an observable event, polled, up to one default timeout — generous, since
/// the suite must hold on a busy machine, and never a reason to wait when the event has already happened.
/// </summary>
internal static class Wait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    /// <summary>Polls <paramref name="condition"/> until it holds; throws naming <paramref name="what"/> at the timeout.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"not seen within {(timeout ?? DefaultTimeout).TotalSeconds:0} s: {what}");
            }
            await Task.Delay(Poll);
        }
    }

    /// <summary>The same, for a condition checked asynchronously (an HTTP answer).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"not seen within {(timeout ?? DefaultTimeout).TotalSeconds:0} s: {what}");
            }
            await Task.Delay(Poll);
        }
    }
}
