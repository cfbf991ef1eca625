using System.Globalization;
using System.Runtime.CompilerServices;

namespace MiniOdooServer.Testing;

/// <summary>
/// The one way a test waits, shared by the unit and functional tests: for an observable event, polled, up to one
/// default timeout — generous, since the suites must hold on a busy machine, and never a reason to wait when the event
/// has already happened. Every timeout is multiplied by <see cref="ScaleVariable"/> (default 1) for slower machines.
/// </summary>
internal static class Wait
{
    /// <summary>The environment variable that multiplies every test timeout, e.g. 3 under valgrind or an emulator.</summary>
    public const string ScaleVariable = "MINI_ODOO_TEST_TIMEOUT_SCALE";

    public static readonly double Scale = ReadScale();

    /// <summary>How long any test waits for an event unless it says otherwise (already scaled).</summary>
    public static readonly TimeSpan DefaultTimeout = Scaled(TimeSpan.FromSeconds(20));

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How often a wait asks the server under test over HTTP: each question is a request it serves (and, in prefork,
    /// counts toward limit_request: asked every 20 ms, a test with a low limit would recycle the workers it waits for).
    /// </summary>
    public static readonly TimeSpan HttpPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>A timeout chosen for an ordinary machine, stretched by <see cref="ScaleVariable"/>.</summary>
    public static TimeSpan Scaled(TimeSpan timeout) => timeout == Timeout.InfiniteTimeSpan ? timeout : timeout * Scale;

    /// <summary>Polls <paramref name="condition"/> until it holds; throws naming <paramref name="what"/> at the timeout.</summary>
    /// <param name="timeout">Unscaled; <see cref="DefaultTimeout"/> when null.</param>
    public static Task UntilAsync(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string what = "", TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>The same, for a condition checked asynchronously (an HTTP answer: pass <see cref="HttpPoll"/> as <paramref name="every"/>).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, [CallerArgumentExpression(nameof(condition))] string what = "", TimeSpan? timeout = null, TimeSpan? every = null)
    {
        var within = timeout is { } given ? Scaled(given) : DefaultTimeout;
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"not seen within {within.TotalSeconds:0.#} s: {what}");
            }
            await Task.Delay(every ?? Poll);
        }
    }

    /// <summary>Reads <paramref name="probe"/> until <paramref name="accept"/> takes its value, and returns that value.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T>> probe, Func<T, bool> accept, string what, TimeSpan? timeout = null, TimeSpan? every = null)
    {
        var within = timeout is { } given ? Scaled(given) : DefaultTimeout;
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await probe();
            if (accept(value))
            {
                return value;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"not seen within {within.TotalSeconds:0.#} s: {what} (last: {value})");
            }
            await Task.Delay(every ?? Poll);
        }
    }

    /// <summary><paramref name="task"/>'s result, or a <see cref="TimeoutException"/> after the (scaled) timeout.</summary>
    public static Task<T> Within<T>(this Task<T> task, TimeSpan? timeout = null) =>
        task.WaitAsync(timeout is { } given ? Scaled(given) : DefaultTimeout);

    /// <inheritdoc cref="Within{T}"/>
    public static Task Within(this Task task, TimeSpan? timeout = null) =>
        task.WaitAsync(timeout is { } given ? Scaled(given) : DefaultTimeout);

    private static double ReadScale() =>
        double.TryParse(Environment.GetEnvironmentVariable(ScaleVariable), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) && scale > 0
            ? scale
            : 1;
}
