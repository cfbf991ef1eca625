using System.Buffers;
using System.Globalization;
using System.Text.Unicode;

namespace MiniOdooServer.App.Http.Diagnostics;

/// <summary>
/// The access-log message Odoo writes through werkzeug, so that tools parsing Odoo logs read ours:
/// <c>127.0.0.1 - - [25/Nov/2026 08:00:00] "GET /web/health HTTP/1.1" 200 - 0 0.000 0.002</c>.
/// The last three fields are Odoo's perf_info: query count, query time, remaining time (seconds). mini-odoo runs no
/// SQL on the request path, so the remaining time is the whole request. The date is UTC, as all of Odoo's log.
/// <see cref="Format(string, DateTimeOffset, string, string, string, int, double)"/> is the line's definition;
/// <see cref="TryWrite"/> writes the same bytes as UTF-8 without building a string, for the access log's path.
/// </summary>
public static class WerkzeugRequestLine
{
    /// <summary>Bytes of the bracketed date, <c>[25/Nov/2026 08:00:00]</c>.</summary>
    public const int DateLength = 22;

    // PathString's valid path characters but '%' (kept only before two hex digits): a path of only these is its own
    // encoded form, so it is written as it is.
    private static readonly SearchValues<char> PlainPathChars =
        SearchValues.Create("!$&'()*+,-./0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    // RFC 3986's query characters and '%': the raw query Kestrel keeps, which QueryString's encoding leaves alone.
    private static readonly SearchValues<char> PlainQueryChars =
        SearchValues.Create("!$%&'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    // Below this many ticks (about three years) a duration in seconds has at most 15 significant digits, which is what
    // a custom format reads of a double: "0.000" of it is then the duration in milliseconds, rounded half up.
    private const long ExactTicks = 1_000_000_000_000_000;

    public static string Format(string client, DateTimeOffset when, string method, string target, string protocol, int status, double seconds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{client} - - [{when.UtcDateTime:dd/MMM/yyyy HH:mm:ss}] \"{method} {target} {protocol}\" {status} - 0 0.000 {seconds:0.000}");

    public static string Format(in AccessLogEntry entry, DateTimeOffset when) =>
        Format(entry.Client?.ToString() ?? "-", when, entry.Method, entry.Target, entry.Protocol, entry.Status, entry.Duration.TotalSeconds);

    /// <summary>Writes <paramref name="utc"/> as the line's bracketed date (<see cref="DateLength"/> bytes).</summary>
    public static bool TryWriteDate(DateTime utc, Span<byte> destination) =>
        Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"[{utc:dd/MMM/yyyy HH:mm:ss}]", out _);

    /// <summary>
    /// The line's UTF-8 bytes, as <see cref="Format(in AccessLogEntry, DateTimeOffset)"/> gives them, with the date
    /// already written by <see cref="TryWriteDate"/>; false when it does not fit.
    /// </summary>
    public static bool TryWrite(Span<byte> destination, in AccessLogEntry entry, ReadOnlySpan<byte> date, out int written)
    {
        var line = new Utf8LineWriter(destination);
        if (entry.Client is { } client)
        {
            line.Write(client);
        }
        else
        {
            line.Write((byte)'-');
        }
        line.Write(" - - "u8);
        line.Write(date);
        line.Write(" \""u8);
        line.Write(entry.Method);
        line.Write((byte)' ');
        WriteTarget(ref line, entry);
        line.Write((byte)' ');
        line.Write(entry.Protocol);
        line.Write("\" "u8);
        line.Write(entry.Status);
        line.Write(" - 0 0.000 "u8);
        WriteSeconds(ref line, entry.Duration);
        written = line.Length;
        return !line.Overflowed;
    }

    private static void WriteTarget(ref Utf8LineWriter line, in AccessLogEntry entry)
    {
        var path = entry.Path.Value;
        var query = entry.Query.Value;
        if (entry.PathBase.HasValue || path.AsSpan().ContainsAnyExcept(PlainPathChars) || query.AsSpan().ContainsAnyExcept(PlainQueryChars))
        {
            // Something to escape (rare): the target string, built as it always was.
            line.Write(entry.Target);
            return;
        }
        line.Write(string.IsNullOrEmpty(path) ? "/" : path);
        line.Write(query);
    }

    private static void WriteSeconds(ref Utf8LineWriter line, TimeSpan duration)
    {
        var ticks = duration.Ticks;
        if (ticks is < 0 or >= ExactTicks)
        {
            line.Write(duration.TotalSeconds, "0.000");
            return;
        }
        // Integer arithmetic in place of formatting a double, which showed in the server's CPU profile (bench/results/access-log).
        var milliseconds = (ticks + TimeSpan.TicksPerMillisecond / 2) / TimeSpan.TicksPerMillisecond;
        line.Write(milliseconds / 1000);
        line.Write((byte)'.');
        line.Write(milliseconds % 1000, "D3");
    }
}
