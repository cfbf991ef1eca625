using System.Globalization;
using System.Text;

namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>What <see cref="OdooLogReader"/> saw: lines, requests, and every skipped line counted by its reason.</summary>
internal sealed class LogReadTally
{
    private readonly long[] _skipped = new long[Enum.GetValues<SkipReason>().Length];

    public long Lines { get; private set; }
    public long Bytes { get; internal set; }
    public long Requests { get; private set; }

    /// <summary>Timestamp of the first and last request line (as logged), null before the first.</summary>
    public DateTime? FirstUtc { get; private set; }
    public DateTime? LastUtc { get; private set; }

    /// <summary>Request lines with Odoo 17+'s fourth (cursor mode) field.</summary>
    public long WithCursorMode { get; private set; }

    /// <summary>Request lines of Odoo 18+'s <c>odoo.service.http.access</c> logger (the rest came from <c>werkzeug</c>).</summary>
    public long FromAccessLogger { get; private set; }

    /// <summary>Lines that held ANSI colour escapes (a log written to a terminal or with ODOO_PY_COLORS).</summary>
    public long Coloured { get; private set; }

    /// <summary>True when the file was gzip-compressed (detected by its magic bytes, not its name).</summary>
    public bool Gzip { get; internal set; }

    /// <summary>The first malformed request line (trimmed), to show the user what did not parse.</summary>
    public string? FirstMalformed { get; private set; }

    public long Skipped(SkipReason reason) => _skipped[(int)reason];

    public long SkippedTotal => _skipped.Sum();

    internal void CountLine() => Lines++;

    internal void CountColoured() => Coloured++;

    internal void Skip(SkipReason reason) => _skipped[(int)reason]++;

    internal void Malformed(string line)
    {
        _skipped[(int)SkipReason.Malformed]++;
        FirstMalformed ??= line.Length > 200 ? line[..200] + "…" : line;
    }

    internal void Count(AccessRecord record, bool accessLogger)
    {
        Requests++;
        if (record.CursorMode is not null) WithCursorMode++;
        if (accessLogger) FromAccessLogger++;
        if (FirstUtc is null || record.LoggedAtUtc < FirstUtc) FirstUtc = record.LoggedAtUtc;
        if (LastUtc is null || record.LoggedAtUtc > LastUtc) LastUtc = record.LoggedAtUtc;
    }

    /// <summary>"12 000 lines, 9 500 requests; skipped: 2 000 other loggers, 300 continuation, …" (reasons with a count only).</summary>
    public string Describe()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Lines:N0} lines, {Requests:N0} requests");
        var parts = Enum.GetValues<SkipReason>().Where(r => Skipped(r) > 0)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{Skipped(r):N0} {Label(r)}")).ToArray();
        if (parts.Length > 0) text.Append("; skipped: ").AppendJoin(", ", parts);
        return text.ToString();
    }

    public static string Label(SkipReason reason) => reason switch
    {
        SkipReason.OtherLogger => "other logger",
        SkipReason.Continuation => "traceback/continuation",
        SkipReason.Blank => "blank",
        SkipReason.NoFigures => "no figures (- - -)",
        SkipReason.LongPolling => "long-polling/websocket",
        SkipReason.NotARequest => "access logger, not a request",
        SkipReason.Malformed => "malformed",
        SkipReason.Unreadable => "unreadable (control bytes)",
        SkipReason.TooLong => "too long",
        _ => reason.ToString(),
    };
}
