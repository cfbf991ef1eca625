using System.Globalization;
using System.IO.Compression;
using System.Text;
using MiniOdooServer.Experiments.Sizing.Log;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class OdooLogReaderTests : IDisposable
{
    private const string Access =
        "2024-05-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] \"GET /web HTTP/1.1\" 200 - 3 0.010 0.020\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("sizing-log-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static (List<AccessRecord> Records, LogReadTally Tally) ReadAll(string path)
    {
        var tally = new LogReadTally();
        return (OdooLogReader.Read(path, tally).ToList(), tally);
    }

    [Fact]
    public void TheSampleLogGivesBackWhatItsGeneratorPutIn()
    {
        var expected = SampleLog.Expected();
        var tally = new LogReadTally();

        var summary = AccessLogSummary.From(OdooLogReader.Read(SampleLog.Path, tally), tally);

        Assert.Equal(expected.GetProperty("requests").GetInt64(), summary.Requests);
        Assert.Equal(expected.GetProperty("lines").GetInt64(), tally.Lines);
        // The figures are written with 3 decimals: their sum is exact to well under a millisecond.
        Assert.Equal(decimal.Parse(expected.GetProperty("total_python_seconds").GetString()!, CultureInfo.InvariantCulture),
            (decimal)Math.Round(summary.TotalPythonSeconds, 6));
        Assert.Equal(decimal.Parse(expected.GetProperty("total_sql_seconds").GetString()!, CultureInfo.InvariantCulture),
            (decimal)Math.Round(summary.TotalSqlSeconds, 6));
        Assert.Equal(expected.GetProperty("total_queries").GetInt64(), summary.TotalQueries);
        var rate = expected.GetProperty("mean_rate").GetDouble();
        Assert.InRange(summary.MeanRate, rate * 0.98, rate * 1.02);

        var skipped = expected.GetProperty("skipped");
        Assert.Equal(skipped.GetProperty("other_logger").GetInt64(), tally.Skipped(SkipReason.OtherLogger));
        Assert.Equal(skipped.GetProperty("continuation").GetInt64(), tally.Skipped(SkipReason.Continuation));
        Assert.Equal(skipped.GetProperty("no_figures").GetInt64(), tally.Skipped(SkipReason.NoFigures));
        Assert.Equal(skipped.GetProperty("not_a_request").GetInt64(), tally.Skipped(SkipReason.NotARequest));
        Assert.Equal(skipped.GetProperty("long_polling").GetInt64(), tally.Skipped(SkipReason.LongPolling));
        Assert.Equal(tally.Lines, tally.Requests + tally.SkippedTotal);
        Assert.Equal((1, 1, 1), (tally.WithCursorMode, tally.Coloured, tally.FromAccessLogger));

        // The burst (60/s for 15 s against 20/s) is the busiest window (5 s wide in a 90 s log), and the routes are
        // ranked by Python time.
        Assert.Equal(TimeSpan.FromSeconds(5), summary.Window);
        Assert.InRange(summary.PeakWindowRate, 40, 90);
        Assert.InRange(summary.PeakWindowAt, new DateTime(2024, 5, 13, 9, 0, 40, DateTimeKind.Utc), new DateTime(2024, 5, 13, 9, 0, 55, DateTimeKind.Utc));
        Assert.Equal(10, summary.HeaviestRoutes.Count);
        Assert.Equal(11, summary.DistinctRoutes);
        Assert.Equal(["/report/download", "/web/dataset/call_kw/sale.order/web_read"], summary.HeaviestRoutes.Take(2).Select(r => r.Route));
        Assert.Contains(summary.HeaviestRoutes, r => r.Route == "/web/image/res.partner/<id>/avatar_128");
        Assert.True(summary.HeaviestRoutes.Zip(summary.HeaviestRoutes.Skip(1)).All(p => p.First.PythonSeconds >= p.Second.PythonSeconds));
        Assert.InRange(summary.PeakConcurrency, 2, 40);
    }

    [Fact]
    public void TheSummaryTextNamesWhatWasRead()
    {
        var tally = new LogReadTally();
        var text = AccessLogSummary.From(OdooLogReader.Read(SampleLog.Path, tally), tally).ToText();
        var expected = SampleLog.Expected();

        Assert.Contains($"{expected.GetProperty("requests").GetInt64():N0} requests", text);
        Assert.Contains("other logger", text);
        Assert.Contains("traceback/continuation", text);
        Assert.Contains("no figures (- - -)", text);
        Assert.Contains($"Python {expected.GetProperty("total_python_seconds").GetString()} s", text);
        Assert.Contains("`/web/dataset/call_kw/sale.order/web_read`", text);
    }

    [Fact]
    public void AGzipFileIsReadDirectlyWhateverItsName()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            using var sample = File.OpenRead(SampleLog.Path);
            sample.CopyTo(gzip);
        }
        var path = Write("rotated.log.1", compressed.ToArray());

        var (records, tally) = ReadAll(path);

        Assert.True(tally.Gzip);
        Assert.Equal(SampleLog.Expected().GetProperty("requests").GetInt64(), records.Count);
    }

    [Fact]
    public void ADamagedGzipIsAClearError()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Access, 5000))));
        }
        var bytes = compressed.ToArray();
        Array.Fill(bytes, (byte)0xAA, 40, 200);

        var error = Assert.Throws<LogFormatException>(() => ReadAll(Write("broken.gz", bytes)));
        Assert.Contains("broken.gz: damaged compressed data", error.Message);
    }

    [Fact]
    public void ABinaryFileIsRefusedWithAOneLineMessage()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52 };

        var error = Assert.Throws<LogFormatException>(() => ReadAll(Write("logo.png", png)));

        Assert.Contains("binary data", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ALogWithoutAccessLinesIsAClearErrorThatSaysWhatWasThere()
    {
        var text = "2024-05-13 09:00:00,000 1 INFO ? odoo: Odoo version 17.0\nTraceback (most recent call last):\n  File \"x\"\n";

        var error = Assert.Throws<LogFormatException>(() => ReadAll(Write("odoo.log", Encoding.UTF8.GetBytes(text))));

        Assert.Contains("no Odoo access lines", error.Message);
        Assert.Contains("3 lines, 0 requests; skipped: 1 other logger, 2 traceback/continuation", error.Message);
    }

    [Fact]
    public void AnEmptyFileAndAMissingFileAreClearErrors()
    {
        Assert.Contains("no Odoo access lines", Assert.Throws<LogFormatException>(() => ReadAll(Write("empty.log", []))).Message);
        Assert.Contains("no such file", Assert.Throws<LogFormatException>(() => ReadAll(Path.Combine(_folder, "missing.log"))).Message);
        Assert.Contains("a directory", Assert.Throws<LogFormatException>(() => ReadAll(_folder)).Message);
    }

    [Fact]
    public void GarbageBytesInsideALogAreSkippedAndCounted()
    {
        var garbage = new byte[] { 0xFF, 0xFE, 0x01, 0x02, 0x80, 0x81, (byte)'\n', 0xC3, 0x28, 0xA0, 0xA1, (byte)'\n' };
        var content = Encoding.UTF8.GetBytes(Access).Concat(garbage).Concat(Encoding.UTF8.GetBytes(Access)).ToArray();

        var (records, tally) = ReadAll(Write("odoo.log", content));

        Assert.Equal(2, records.Count);
        Assert.Equal(1, tally.Skipped(SkipReason.Unreadable));
        Assert.Equal(1, tally.Skipped(SkipReason.Continuation)); // invalid UTF-8 without control bytes: text, not a log line
    }

    [Fact]
    public void ATruncatedLastLineIsAClearErrorAfterTheRecordsBeforeIt()
    {
        var content = Access + Access + Access[..60];
        var tally = new LogReadTally();
        var seen = 0;

        var error = Assert.Throws<LogFormatException>(() =>
        {
            foreach (var _ in OdooLogReader.Read(Write("live.log", Encoding.UTF8.GetBytes(content)), tally)) seen++;
        });

        Assert.Equal(2, seen);
        Assert.Contains("the last line (3) is cut off", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ACompleteLastLineWithoutNewlineIsRead()
    {
        var (records, _) = ReadAll(Write("odoo.log", Encoding.UTF8.GetBytes(Access + Access.TrimEnd('\n'))));

        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void AGigabyteOfNonAccessLinesStreamsThroughInBoundedMemory()
    {
        var lines = "2024-05-13 09:00:00,000 4242 INFO prod odoo.addons.base.models.ir_cron: Job 'Mail: Email Queue Manager' (3) done\n" +
            "Traceback (most recent call last):\n" +
            "2024-05-13 09:00:00,001 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:00:00] \"GET /websocket HTTP/1.1\" 101 - - - -\n";
        var size = (1L << 30) / lines.Length * lines.Length; // whole lines: the last one is not cut off
        using var stream = new RepeatingStream(Encoding.UTF8.GetBytes(lines), size);
        var tally = new LogReadTally();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<LogFormatException>(() => OdooLogReader.Read(stream, "huge.log", tally).Count());

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("no Odoo access lines", error.Message);
        Assert.Equal(size, tally.Bytes);
        Assert.Equal(3 * (size / lines.Length), tally.Lines);
        Assert.Equal(size / lines.Length, tally.Skipped(SkipReason.NoFigures));
        // One 256 KiB line buffer and the error's text: nothing grows with the 9 million lines read.
        Assert.True(allocated < 2 << 20, $"{allocated:N0} bytes allocated to read {size:N0} bytes");
    }

    [Fact]
    public void AHugeLineWithoutNewlineIsDroppedAsItStreamsBy()
    {
        const long size = 64L << 20;
        using var stream = new RepeatingStream(Encoding.UTF8.GetBytes(new string('x', 4096)), size, suffix: Encoding.UTF8.GetBytes("\n" + Access));
        var tally = new LogReadTally();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var records = OdooLogReader.Read(stream, "one-line.log", tally).ToList();

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 2 << 20);
        Assert.Single(records);
        Assert.Equal(1, tally.Skipped(SkipReason.TooLong));
    }

    /// <summary>A seekable stream of <c>length</c> bytes repeating a pattern, then a suffix: generated, never stored.</summary>
    private sealed class RepeatingStream(byte[] pattern, long length, byte[]? suffix = null) : Stream
    {
        private readonly byte[] _suffix = suffix ?? [];

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length + _suffix.Length;
        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length && Position < Length)
            {
                int chunk;
                if (Position < length)
                {
                    var at = (int)(Position % pattern.Length);
                    chunk = (int)Math.Min(Math.Min(pattern.Length - at, buffer.Length - written), length - Position);
                    pattern.AsSpan(at, chunk).CopyTo(buffer[written..]);
                }
                else
                {
                    var at = (int)(Position - length);
                    chunk = Math.Min(_suffix.Length - at, buffer.Length - written);
                    _suffix.AsSpan(at, chunk).CopyTo(buffer[written..]);
                }
                written += chunk;
                Position += chunk;
            }
            return written;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
