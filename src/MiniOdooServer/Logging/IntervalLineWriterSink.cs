using System.Buffers;
using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace MiniOdooServer.Logging;

/// <summary>
/// Gathers the process's lines as UTF-8 in one buffer, on the thread that logs each, and writes the buffer out at most
/// every <c>interval</c>, in one write, so that lines of several processes appending to one file never interleave
/// mid-line. Serilog's own batching sink wakes its background loop for every event: in a worker that serves one
/// request at a time that is one thread wake-up per access line, which measurably costs more than formatting the line.
/// Here the writer is woken only by a timer, armed when the first line lands in an empty buffer. Log events and the
/// access lines <see cref="OdooAccessLog"/> formats itself (<see cref="Append"/>) share the buffer and its lock, so a
/// line logged before another is written before it. An interval of zero writes each line as it comes.
/// </summary>
internal sealed class IntervalLineWriterSink : ILogEventSink, IDisposable
{
    // Past this many buffered bytes the logging thread writes them itself, so memory stays bounded.
    private const int FlushThreshold = 1 << 20;

    // What a buffer starts with, and what it is cut back to once a write used less than an eighth of it: a server
    // under steady load keeps the buffer its lines need (growing it again after every write meant large-object
    // allocations each time), and a worker keeps no megabyte for the rest of its life after one busy moment.
    private const int InitialCapacity = 16 << 10;

    private readonly Stream _destination;
    private readonly ITextFormatter _formatter;
    private readonly TimeSpan _interval;
    private readonly Timer _timer;
    private readonly object _bufferLock = new();
    private readonly object _writeLock = new();

    // An event is formatted as text, then encoded into the pending bytes (events are rare: the access lines come as bytes).
    private readonly StringWriter _text = new(new StringBuilder(256));
    private char[] _chars = new char[256];
    private ArrayBufferWriter<byte> _pending = new(InitialCapacity);
    private ArrayBufferWriter<byte> _spare = new(InitialCapacity);
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
            first = _pending.WrittenCount == 0;
            var text = _text.GetStringBuilder();
            text.Clear();
            _formatter.Format(logEvent, _text);
            if (_chars.Length < text.Length)
            {
                _chars = new char[Math.Max(text.Length, _chars.Length * 2)];
            }
            var chars = _chars.AsSpan(0, text.Length);
            text.CopyTo(0, chars, text.Length);
            _pending.Advance(Encoding.UTF8.GetBytes(chars, _pending.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length))));
            full = _pending.WrittenCount >= FlushThreshold;
        }
        Appended(first, full);
    }

    /// <summary>Adds lines already formatted as UTF-8, each ending with a line feed.</summary>
    public void Append(ReadOnlySpan<byte> lines)
    {
        bool first, full;
        lock (_bufferLock)
        {
            if (_disposed)
            {
                return;
            }
            first = _pending.WrittenCount == 0;
            _pending.Write(lines);
            full = _pending.WrittenCount >= FlushThreshold;
        }
        Appended(first, full);
    }

    /// <summary>Writes out everything buffered so far.</summary>
    public void Flush()
    {
        lock (_writeLock)
        {
            ArrayBufferWriter<byte> bytes;
            lock (_bufferLock)
            {
                (_pending, _spare) = (_spare, _pending);
                bytes = _spare;
            }
            if (bytes.WrittenCount == 0)
            {
                return;
            }
            try
            {
                _destination.Write(bytes.WrittenSpan);
                _destination.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // A full disk, a closed terminal or a timer firing during shutdown must not take the server down.
            }
            if (bytes.Capacity > InitialCapacity && bytes.WrittenCount < bytes.Capacity / 8)
            {
                _spare = new ArrayBufferWriter<byte>(InitialCapacity);
            }
            else
            {
                bytes.ResetWrittenCount();
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

    private void Appended(bool first, bool full)
    {
        if (full || _interval == TimeSpan.Zero)
        {
            Flush();
        }
        else if (first)
        {
            _timer.Change(_interval, Timeout.InfiniteTimeSpan);
        }
    }
}
