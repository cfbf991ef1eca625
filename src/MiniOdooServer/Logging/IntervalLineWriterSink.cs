using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace MiniOdooServer.Logging;

/// <summary>
/// Formats each event into a buffer on the thread that logs it and writes the buffer out at most every
/// <c>interval</c>, in one write, so that lines of several processes appending to one file never interleave mid-line.
/// Serilog's own batching sink wakes its background loop for every event: in a worker that serves one request at a
/// time that is one thread wake-up per access line, which measurably costs more than formatting the line. Here the
/// writer is woken only by a timer, armed when the first line lands in an empty buffer.
/// </summary>
internal sealed class IntervalLineWriterSink : ILogEventSink, IDisposable
{
    // Past this many buffered characters the logging thread writes them itself, so memory stays bounded.
    private const int FlushThreshold = 1 << 20;

    private readonly Stream _destination;
    private readonly ITextFormatter _formatter;
    private readonly TimeSpan _interval;
    private readonly Timer _timer;
    private readonly object _bufferLock = new();
    private readonly object _writeLock = new();
    private StringWriter _pending = NewBuffer();
    private StringWriter _spare = NewBuffer();
    private bool _disposed;

    public IntervalLineWriterSink(Stream destination, ITextFormatter formatter, TimeSpan interval)
    {
        _destination = destination;
        _formatter = formatter;
        _interval = interval;
        _timer = new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public void Emit(LogEvent logEvent)
    {
        bool first, full;
        lock (_bufferLock)
        {
            if (_disposed)
            {
                return;
            }
            var text = _pending.GetStringBuilder();
            first = text.Length == 0;
            _formatter.Format(logEvent, _pending);
            full = text.Length >= FlushThreshold;
        }
        if (full)
        {
            Flush();
        }
        else if (first)
        {
            _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Writes out everything buffered so far.</summary>
    public void Flush()
    {
        lock (_writeLock)
        {
            StringBuilder text;
            lock (_bufferLock)
            {
                (_pending, _spare) = (_spare, _pending);
                text = _spare.GetStringBuilder();
            }
            if (text.Length == 0)
            {
                return;
            }
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            text.Clear();
            try
            {
                _destination.Write(bytes);
                _destination.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // A full disk, a closed terminal or a timer firing during shutdown must not take the server down.
            }
        }
    }

    public void Dispose()
    {
        lock (_bufferLock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        _timer.Dispose();
        Flush();
        _destination.Dispose();
    }

    private static StringWriter NewBuffer() => new(new StringBuilder(4096));
}
