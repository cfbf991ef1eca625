using System.Text;
using MiniOdooServer.Logging;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace MiniOdooServer.Tests.Logging;

public sealed class IntervalLineWriterSinkTests
{
    private static readonly MessageTemplateTextFormatter LineFormatter = new("{Message}{NewLine}");

    [Fact]
    public async Task LinesAreWrittenTogetherOnceTheIntervalHasPassed()
    {
        var destination = new CountingStream();
        using var sink = new IntervalLineWriterSink(destination, LineFormatter, TimeSpan.FromMilliseconds(100));

        sink.Emit(Event("one"));
        sink.Emit(Event("two"));
        Assert.Equal(0, destination.Writes);

        await Wait.UntilAsync(() => destination.Writes > 0);
        Assert.Equal(1, destination.Writes);
        Assert.Equal($"one{Environment.NewLine}two{Environment.NewLine}", destination.Text);
    }

    [Fact]
    public void AnIntervalOfZeroWritesEachLineBeforeTheCallReturns()
    {
        var destination = new CountingStream();
        using var sink = new IntervalLineWriterSink(destination, LineFormatter, TimeSpan.Zero);

        sink.Emit(Event("one"));
        Assert.Equal((1, $"one{Environment.NewLine}"), (destination.Writes, destination.Text));
        sink.Append("two\n"u8);
        Assert.Equal((2, $"one{Environment.NewLine}two\n"), (destination.Writes, destination.Text));
    }

    [Fact]
    public void DisposeWritesWhatIsStillBuffered()
    {
        var destination = new CountingStream();
        var sink = new IntervalLineWriterSink(destination, LineFormatter, TimeSpan.FromHours(1));
        sink.Emit(Event("last words"));

        sink.Dispose();

        Assert.Equal($"last words{Environment.NewLine}", destination.Text);
        sink.Emit(Event("after the end"));
        Assert.DoesNotContain("after", destination.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AFullBufferIsWrittenByTheLoggingThreadWithoutWaiting()
    {
        var destination = new CountingStream();
        using var sink = new IntervalLineWriterSink(destination, LineFormatter, TimeSpan.FromHours(1));
        var line = new string('x', 1000);

        for (var i = 0; i < 1100; i++)
        {
            sink.Emit(Event(line));
        }

        Assert.True(destination.Writes >= 1, "over 1 MiB buffered must be written at once");
    }

    [Fact]
    public void LinesGivenAsBytesAndEventsShareTheBufferInTheOrderTheyCame()
    {
        var destination = new CountingStream();
        var sink = new IntervalLineWriterSink(destination, LineFormatter, TimeSpan.FromHours(1));

        sink.Emit(Event("one é"));
        sink.Append("two ü\n"u8);
        sink.Emit(Event("three"));
        sink.Dispose();

        Assert.Equal(1, destination.Writes);
        Assert.Equal($"one é{Environment.NewLine}two ü\nthree{Environment.NewLine}", destination.Text);
    }

    [Fact]
    public void ABufferIsReusedAfterEachWrite()
    {
        var destination = new CountingStream();
        using var sink = new IntervalLineWriterSink(destination, LineFormatter, TimeSpan.FromHours(1));

        for (var i = 0; i < 3; i++)
        {
            sink.Append("line\n"u8);
            sink.Flush();
        }

        Assert.Equal(3, destination.Writes);
        Assert.Equal("line\nline\nline\n", destination.Text);
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text.Replace("{", "{{", StringComparison.Ordinal)), []);

    /// <summary>Records each write call separately.</summary>
    private sealed class CountingStream : MemoryStream
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public string Text
        {
            get
            {
                lock (this)
                {
                    return Encoding.UTF8.GetString(ToArray());
                }
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (this)
            {
                base.Write(buffer, offset, count);
            }
            Interlocked.Increment(ref _writes);
        }
    }
}
