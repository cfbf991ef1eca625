using Microsoft.Extensions.Logging;

namespace MiniOdooServer.App.Http.Diagnostics;

/// <summary>
/// Writes a repeated warning at most once per interval, with the count of those it held back: a client that repeats
/// a mistake (a slow body, a wrong password, a malformed request) must not be a lever to flood the log. One instance
/// per kind of fault; thread-safe.
/// </summary>
public sealed class ThrottledLog(ILogger log, TimeProvider time, TimeSpan interval)
{
    private readonly object _lock = new();
    private long _nextAllowed = long.MinValue;
    private int _suppressed;

    /// <summary>Odoo's log is read by people: one line a minute per kind of client fault is plenty.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    /// <summary>The number of lines written (for tests and the suite's figures).</summary>
    public int Written { get; private set; }

    /// <summary>
    /// Logs <paramref name="message"/> as a warning unless one was logged less than the interval ago; the next line
    /// written says how many were held back meanwhile. Returns whether it was written.
    /// </summary>
    public bool Warn(string message)
    {
        int suppressed;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (now < _nextAllowed)
            {
                _suppressed++;
                return false;
            }
            _nextAllowed = now + (long)(interval.TotalSeconds * time.TimestampFrequency);
            suppressed = _suppressed;
            _suppressed = 0;
            Written++;
        }
        if (suppressed > 0)
        {
            log.LogWarning("{Message} ({Suppressed} more like it since the last such line)", message, suppressed);
        }
        else
        {
            log.LogWarning("{Message}", message);
        }
        return true;
    }
}
