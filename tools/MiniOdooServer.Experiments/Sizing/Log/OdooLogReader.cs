using System.IO.Compression;
using System.Text;

namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// Streams the access records out of an Odoo log, plain or gzip (told by its magic bytes, not its name), in constant
/// memory: one line buffer, no per-line allocation for lines that are not requests. Every line is counted in the
/// <see cref="LogReadTally"/>. A file that cannot be sized throws <see cref="LogFormatException"/> with a one-line
/// message: missing or unreadable, binary, no access line at all, or a last line cut off mid-request (a log still
/// being written; the records before it have been yielded by then).
/// </summary>
internal sealed class OdooLogReader
{
    /// <summary>Longest line kept: werkzeug refuses request lines over 64 KiB, so an access line always fits.</summary>
    public const int MaxLineBytes = 256 * 1024;

    public static IEnumerable<AccessRecord> Read(string path, LogReadTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var stream = Open(path);
        return ReadOwned(stream, path, tally);
    }

    /// <summary>Reads a seekable stream (its first bytes are peeked for the gzip magic); <paramref name="name"/> names it in messages.</summary>
    public static IEnumerable<AccessRecord> Read(Stream stream, string name, LogReadTally tally)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tally);
        return Records(stream, name, tally);
    }

    private static IEnumerable<AccessRecord> ReadOwned(Stream stream, string name, LogReadTally tally)
    {
        using (stream)
        {
            foreach (var record in Records(stream, name, tally)) yield return record;
        }
    }

    private static FileStream Open(string path)
    {
        try
        {
            if (Directory.Exists(path)) throw new LogFormatException($"{path}: a directory, not a log file");
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            throw new LogFormatException($"{path}: cannot open the log: {why}", e);
        }
    }

    private static IEnumerable<AccessRecord> Records(Stream stream, string name, LogReadTally tally)
    {
        var input = Decompressed(stream, name, tally);
        try
        {
            var lines = new LogLineSplitter(input, name, MaxLineBytes);
            var scratch = new byte[MaxLineBytes]; // the current line without its colour escapes
            while (lines.Next())
            {
                var record = ParseCurrent(lines, scratch, name, tally);
                tally.Bytes = lines.BytesRead;
                if (record is not null) yield return record;
            }
            tally.Bytes = lines.BytesRead;
        }
        finally
        {
            if (!ReferenceEquals(input, stream)) input.Dispose();
        }
        if (tally.Requests == 0)
        {
            throw new LogFormatException($"{name}: no Odoo access lines ({tally.Describe()}); expected lines like " +
                "'2024-05-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] \"GET /web HTTP/1.1\" 200 - 12 0.010 0.030'");
        }
    }

    private static AccessRecord? ParseCurrent(LogLineSplitter lines, byte[] scratch, string name, LogReadTally tally)
    {
        tally.CountLine();
        if (lines.TooLong)
        {
            tally.Skip(SkipReason.TooLong);
            return null;
        }
        var line = lines.Line;
        var reason = AccessLineParser.Parse(line, scratch, out var record, out var accessLogger, out var coloured);
        if (coloured) tally.CountColoured();
        if (record is not null)
        {
            tally.Count(record, accessLogger);
            return record;
        }
        var skipped = reason!.Value;
        if (lines.Unterminated && LooksCutOff(skipped, line))
        {
            throw new LogFormatException($"{name}: the last line ({tally.Lines:N0}) is cut off: " +
                $"'{Shorten(Encoding.UTF8.GetString(line))}'; the log may still be being written: " +
                "size it once the line is complete, or without its last line");
        }
        if (skipped == SkipReason.Malformed) tally.Malformed(Encoding.UTF8.GetString(line).Trim());
        else tally.Skip(skipped);
        return null;
    }

    /// <summary>An unterminated last line that a newline would have made a request, or a timestamp broken off.</summary>
    private static bool LooksCutOff(SkipReason reason, ReadOnlySpan<byte> line) =>
        reason is SkipReason.Malformed or SkipReason.NotARequest ||
        (reason == SkipReason.Continuation && line.Length < 24 && line.Length > 0 && char.IsAsciiDigit((char)line[0]));

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;

    private static Stream Decompressed(Stream stream, string name, LogReadTally tally)
    {
        Span<byte> magic = stackalloc byte[2];
        var start = stream.Position;
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        stream.Position = start;
        if (read < 2 || magic[0] != 0x1F || magic[1] != 0x8B) return stream;
        tally.Gzip = true;
        return new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
    }
}
