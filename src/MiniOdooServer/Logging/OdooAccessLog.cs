using System.Buffers;
using System.Globalization;
using System.Text;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.Configuration.Options;
using Serilog.Events;

namespace MiniOdooServer.Logging;

/// <summary>
/// The werkzeug access line, in the bytes <see cref="OdooLogFormatter"/> gives a <c>werkzeug</c> INFO event carrying
/// it, formatted straight into the process's log buffer: no log event, no message template, no string (through
/// Microsoft.Extensions.Logging and Serilog the line cost more than the <c>/web/health</c> handler: bench/results/access-log). The two
/// dates of a line change once a second, so they are formatted once a second; the milliseconds are three digits.
/// </summary>
internal sealed class OdooAccessLog : IAccessLog
{
    // Serilog's "yyyy-MM-dd HH:mm:ss," before the milliseconds.
    private const int SecondPrefixLength = 20;

    // Enough for a line with an IPv6 client and a long URL; a longer one is formatted in a pooled buffer.
    private const int StackLineLength = 512;

    private readonly IntervalLineWriterSink _sink;
    private readonly TimeProvider _time;
    private readonly byte[] _header;
    private Stamp _stamp = new(long.MinValue, [], []);

    /// <param name="enabled">Whether the <c>werkzeug</c> logger is enabled at INFO, from the same levels as Serilog's.</param>
    public OdooAccessLog(IntervalLineWriterSink sink, bool enabled, TimeProvider time)
    {
        _sink = sink;
        _time = time;
        IsEnabled = enabled;
        _header = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $" {Environment.ProcessId} {OdooLogFormatter.LevelName(LogEventLevel.Information)} ? {LoggerNames.Requests}: "));
    }

    public bool IsEnabled { get; }

    public void Write(in AccessLogEntry entry)
    {
        if (!IsEnabled)
        {
            return;
        }
        var now = _time.GetUtcNow().UtcTicks;
        Span<byte> line = stackalloc byte[StackLineLength];
        if (TryFormat(line, entry, now, out var length))
        {
            _sink.Append(line[..length]);
            return;
        }
        for (var size = StackLineLength * 4; ; size *= 2)
        {
            var rented = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                if (TryFormat(rented, entry, now, out length))
                {
                    _sink.Append(rented.AsSpan(0, length));
                    return;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private bool TryFormat(Span<byte> destination, in AccessLogEntry entry, long utcTicks, out int length)
    {
        var stamp = StampOf(utcTicks);
        var fixedLength = SecondPrefixLength + 3 + _header.Length;
        length = 0;
        if (destination.Length <= fixedLength)
        {
            return false;
        }
        stamp.LinePrefix.CopyTo(destination);
        var milliseconds = (int)(utcTicks / TimeSpan.TicksPerMillisecond % 1000);
        destination[SecondPrefixLength] = (byte)('0' + milliseconds / 100);
        destination[SecondPrefixLength + 1] = (byte)('0' + milliseconds / 10 % 10);
        destination[SecondPrefixLength + 2] = (byte)('0' + milliseconds % 10);
        _header.CopyTo(destination[(SecondPrefixLength + 3)..]);
        if (!WerkzeugRequestLine.TryWrite(destination[fixedLength..], entry, stamp.RequestDate, out var written)
            || fixedLength + written >= destination.Length)
        {
            return false;
        }
        length = fixedLength + written;
        destination[length++] = (byte)'\n';
        return true;
    }

    /// <summary>The dates of <paramref name="utcTicks"/>'s second; one thread's new stamp may replace another's, both right.</summary>
    private Stamp StampOf(long utcTicks)
    {
        var second = utcTicks / TimeSpan.TicksPerSecond;
        var stamp = Volatile.Read(ref _stamp);
        if (stamp.Second == second)
        {
            return stamp;
        }
        var start = new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var prefix = new byte[SecondPrefixLength];
        start.TryFormat(prefix, out _, "yyyy-MM-dd HH:mm:ss,", CultureInfo.InvariantCulture);
        var date = new byte[WerkzeugRequestLine.DateLength];
        WerkzeugRequestLine.TryWriteDate(start, date);
        stamp = new Stamp(second, prefix, date);
        Volatile.Write(ref _stamp, stamp);
        return stamp;
    }

    private sealed record Stamp(long Second, byte[] LinePrefix, byte[] RequestDate);
}
