using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// Parses one line of an Odoo log (bytes, without its newline) into an <see cref="AccessRecord"/> or the reason it is
/// not one. Odoo 12–19 write <c>DATE TIME,ms PID LEVEL [uid:U] DB [rid:R] LOGGER: MESSAGE PERF</c>; the access logger is
/// <c>werkzeug</c> (≤ 17) or <c>odoo.service.http.access</c> (18+); its message is werkzeug's
/// <c>ADDR - - [DATE] "METHOD PATH PROTO" STATUS SIZE</c> and PERF is <c>QUERIES SQL_S PYTHON_S</c>, optionally a
/// cursor mode after them (17+), or dashes when the request was not timed. Non-access lines cost no allocation.
/// </summary>
internal static class AccessLineParser
{
    public const string WerkzeugLogger = "werkzeug";
    public const string AccessLogger = "odoo.service.http.access";

    private const int TimestampLength = 23; // "2024-05-13 09:12:44,512"

    // Control bytes other than tab and ESC (colours) mark garbage written into the log.
    private static readonly SearchValues<byte> ControlBytes = SearchValues.Create(
        [.. Enumerable.Range(0, 32).Where(b => b is not '\t' and not 0x1B).Select(b => (byte)b), (byte)0x7F]);

    /// <summary>Null when <paramref name="record"/> was read; otherwise why the line was skipped.</summary>
    /// <param name="scratch">Room for the line without its colour escapes; at least as long as the line.</param>
    public static SkipReason? Parse(ReadOnlySpan<byte> line, Span<byte> scratch, out AccessRecord? record,
        out bool accessLogger, out bool coloured)
    {
        record = null;
        accessLogger = false;
        coloured = false;
        if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
        if (line.IsEmpty || line.TrimEnd((byte)' ').IsEmpty) return SkipReason.Blank;
        if (line.ContainsAny(ControlBytes)) return SkipReason.Unreadable;
        if (line.Contains((byte)0x1B))
        {
            coloured = true;
            line = StripAnsi(line, scratch);
        }
        if (!HasTimestamp(line)) return SkipReason.Continuation;

        var logger = FindLogger(line, out var messageStart);
        if (logger.SequenceEqual(AccessLoggerBytes)) accessLogger = true;
        else if (!logger.SequenceEqual(WerkzeugBytes)) return SkipReason.OtherLogger;

        return ParseRequest(line, line[messageStart..], out record);
    }

    private static ReadOnlySpan<byte> WerkzeugBytes => "werkzeug"u8;
    private static ReadOnlySpan<byte> AccessLoggerBytes => "odoo.service.http.access"u8;

    internal static bool HasTimestamp(ReadOnlySpan<byte> line)
    {
        if (line.Length < TimestampLength + 1) return false;
        ReadOnlySpan<byte> shape = "dddd-dd-dd dd:dd:dd,ddd "u8;
        for (var i = 0; i < shape.Length; i++)
        {
            var ok = shape[i] == 'd' ? char.IsAsciiDigit((char)line[i]) : line[i] == shape[i];
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>The logger name: the first space-separated token after the level that ends with a colon.</summary>
    private static ReadOnlySpan<byte> FindLogger(ReadOnlySpan<byte> line, out int messageStart)
    {
        messageStart = line.Length;
        var position = TimestampLength + 1;
        for (var token = 0; token < 8 && position < line.Length; token++)
        {
            var rest = line[position..];
            var space = rest.IndexOf((byte)' ');
            var word = space < 0 ? rest : rest[..space];
            // Tokens 0 and 1 are the pid and the level; "uid:2" and "rid:…" end in a value, the logger in a colon.
            if (token >= 2 && word.Length > 1 && word[^1] == ':')
            {
                messageStart = space < 0 ? line.Length : position + space + 1;
                return word[..^1];
            }
            if (space < 0) break;
            position += space + 1;
        }
        return default;
    }

    private static SkipReason? ParseRequest(ReadOnlySpan<byte> line, ReadOnlySpan<byte> message, out AccessRecord? record)
    {
        record = null;
        var open = message.IndexOf("] \""u8);
        var close = message.LastIndexOf((byte)'"');
        if (open < 0 || close <= open + 2) return SkipReason.NotARequest;
        var requestLine = message[(open + 3)..close];
        var tail = message[(close + 1)..];

        Span<Range> fields = stackalloc Range[8];
        var trimmed = tail.Trim((byte)' ');
        var count = Tokens(trimmed, fields);
        if (count < 2 || !Utf8Parser.TryParse(trimmed[fields[0]], out int status, out var used) || used != trimmed[fields[0]].Length
            || status is < 100 or > 999)
        {
            return SkipReason.NotARequest;
        }
        var perf = count - 2; // after STATUS SIZE
        if (perf == 0 || (perf is 3 or 4 && trimmed[fields[2]].SequenceEqual("-"u8))) return SkipReason.NoFigures;
        if (perf is not (3 or 4)) return SkipReason.Malformed;
        if (!TryInt(trimmed[fields[2]], out var queries) || !TryDouble(trimmed[fields[3]], out var sql)
            || !TryDouble(trimmed[fields[4]], out var python))
        {
            return SkipReason.Malformed;
        }
        string? cursorMode = null;
        if (perf == 4 && !TryCursorMode(trimmed[fields[5]], out cursorMode)) return SkipReason.Malformed;

        var firstSpace = requestLine.IndexOf((byte)' ');
        if (firstSpace <= 0) return SkipReason.Malformed;
        var afterMethod = requestLine[(firstSpace + 1)..];
        var pathEnd = afterMethod.IndexOf((byte)' ');
        var pathBytes = pathEnd < 0 ? afterMethod : afterMethod[..pathEnd];
        if (pathBytes.IsEmpty || !TryTimestamp(line, out var at)) return SkipReason.Malformed;
        if (pathBytes.StartsWith("/longpolling/"u8) || pathBytes.StartsWith("/websocket"u8)) return SkipReason.LongPolling;

        var path = Encoding.UTF8.GetString(pathBytes);
        record = new AccessRecord(at, Method(requestLine[..firstSpace]), path, RouteNormalizer.Normalize(path), status,
            queries, sql, python, cursorMode);
        return null;
    }

    /// <summary>Space-separated tokens into <paramref name="fields"/>; the last one takes the rest when there are more.</summary>
    private static int Tokens(ReadOnlySpan<byte> text, Span<Range> fields)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length && count < fields.Length)
        {
            while (i < text.Length && text[i] == ' ') i++;
            if (i == text.Length) break;
            var space = text[i..].IndexOf((byte)' ');
            var end = count == fields.Length - 1 || space < 0 ? text.Length : i + space;
            fields[count++] = new Range(i, end);
            i = end;
        }
        return count;
    }

    private static bool TryInt(ReadOnlySpan<byte> text, out int value) =>
        Utf8Parser.TryParse(text, out value, out var used) && used == text.Length && value >= 0;

    private static bool TryDouble(ReadOnlySpan<byte> text, out double value) =>
        Utf8Parser.TryParse(text, out value, out var used) && used == text.Length && double.IsFinite(value);

    private static bool TryCursorMode(ReadOnlySpan<byte> text, out string? mode)
    {
        mode = text switch
        {
            _ when text.SequenceEqual("-"u8) => null,
            _ when text.SequenceEqual("ro"u8) => "ro",
            _ when text.SequenceEqual("rw"u8) => "rw",
            _ when text.SequenceEqual("ro->rw"u8) => "ro->rw",
            _ => "?",
        };
        return mode != "?";
    }

    // The common methods share one string each instead of one per line.
    private static string Method(ReadOnlySpan<byte> text) => text switch
    {
        _ when text.SequenceEqual("GET"u8) => "GET",
        _ when text.SequenceEqual("POST"u8) => "POST",
        _ when text.SequenceEqual("HEAD"u8) => "HEAD",
        _ when text.SequenceEqual("PUT"u8) => "PUT",
        _ when text.SequenceEqual("DELETE"u8) => "DELETE",
        _ when text.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ => Encoding.UTF8.GetString(text),
    };

    private static bool TryTimestamp(ReadOnlySpan<byte> line, out DateTime at)
    {
        at = default;
        int year = Number(line, 0, 4), month = Number(line, 5, 2), day = Number(line, 8, 2);
        int hour = Number(line, 11, 2), minute = Number(line, 14, 2), second = Number(line, 17, 2), ms = Number(line, 20, 3);
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        at = new DateTime(year, month, day, hour, minute, second, ms, DateTimeKind.Utc);
        return true;
    }

    private static int Number(ReadOnlySpan<byte> digits, int start, int length)
    {
        var n = 0;
        for (var i = start; i < start + length; i++) n = (n * 10) + (digits[i] - '0');
        return n;
    }

    /// <summary>Copies the line without its CSI escapes (ESC '[' parameters letter), as Odoo's coloured output writes them.</summary>
    internal static ReadOnlySpan<byte> StripAnsi(ReadOnlySpan<byte> line, Span<byte> scratch)
    {
        var length = 0;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == 0x1B && i + 1 < line.Length && line[i + 1] == '[')
            {
                var j = i + 2;
                while (j < line.Length && (char.IsAsciiDigit((char)line[j]) || line[j] == ';')) j++;
                if (j < line.Length && char.IsAsciiLetter((char)line[j]))
                {
                    i = j;
                    continue;
                }
            }
            scratch[length++] = line[i];
        }
        return scratch[..length];
    }
}
