using System.Text;
using MiniOdooServer.Experiments.Sizing.Log;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class AccessLineParserTests
{
    private const string Werkzeug =
        "2024-05-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] \"POST /web/dataset/call_kw/sale.order/web_read HTTP/1.1\" 200 - 37 0.081 0.164";

    private static (SkipReason? Reason, AccessRecord? Record, bool AccessLogger, bool Coloured) Parse(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var reason = AccessLineParser.Parse(bytes, bytes, out var record, out var accessLogger, out var coloured);
        return (reason, record, accessLogger, coloured);
    }

    [Fact]
    public void AWerkzeugLineGivesItsFiguresAndTheLogsOwnMillisecondTimestamp()
    {
        var (reason, record, accessLogger, _) = Parse(Werkzeug);

        Assert.Null(reason);
        Assert.False(accessLogger);
        Assert.Equal(new AccessRecord(new DateTime(2024, 5, 13, 9, 12, 44, 512, DateTimeKind.Utc), "POST",
            "/web/dataset/call_kw/sale.order/web_read", "/web/dataset/call_kw/sale.order/web_read", 200, 37, 0.081, 0.164, null), record);
        Assert.Equal(new DateTime(2024, 5, 13, 9, 12, 44, 267, DateTimeKind.Utc), record!.StartUtc);
    }

    [Theory]
    [InlineData(" ro", "ro")]
    [InlineData(" rw", "rw")]
    [InlineData(" ro->rw", "ro->rw")]
    [InlineData(" -", null)]
    public void Odoo17sFourthFieldIsTheCursorMode(string field, string? mode)
    {
        var (reason, record, _, _) = Parse(Werkzeug + field);

        Assert.Null(reason);
        Assert.Equal(mode, record!.CursorMode);
        Assert.Equal(0.164, record.PythonSeconds);
    }

    [Theory]
    [InlineData(" - - -")]
    [InlineData(" - - - -")]
    public void DashesInsteadOfFiguresAreSkippedAsNoFigures(string dashes)
    {
        var line = Werkzeug[..Werkzeug.IndexOf(" 37 ", StringComparison.Ordinal)] + dashes;

        Assert.Equal(SkipReason.NoFigures, Parse(line).Reason);
    }

    [Fact]
    public void ColouredLinesAreReadWithTheirEscapesStripped()
    {
        var line = "2024-05-13 09:12:44,512 4242 \u001b[1;32m\u001b[1;49mINFO\u001b[0m prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] " +
            "\"GET /web/image/res.partner/7/avatar_128 HTTP/1.1\" \u001b[32m200\u001b[0m - \u001b[1;33m\u001b[1;49m137\u001b[0m " +
            "\u001b[1;31m\u001b[1;49m3.500\u001b[0m 0.164 \u001b[1;31m\u001b[1;49mro->rw\u001b[0m";

        var (reason, record, _, coloured) = Parse(line);

        Assert.Null(reason);
        Assert.True(coloured);
        Assert.Equal((200, 137, 3.5, 0.164, "ro->rw"), (record!.Status, record.Queries, record.SqlSeconds, record.PythonSeconds, record.CursorMode));
        Assert.Equal("/web/image/res.partner/<id>/avatar_128", record.Route);
    }

    [Fact]
    public void Odoo18sAccessLoggerAndOdoo19sUidAndRequestIdFieldsAreRead()
    {
        var line = "2025-10-01 08:00:00,001 77 INFO uid:2 prod rid:9f3c odoo.service.http.access: 127.0.0.1 - - [01/Oct/2025 08:00:00] " +
            "\"GET /odoo/action-123?debug=1 HTTP/1.1\" 303 - 3 0.004 0.011 rw";

        var (reason, record, accessLogger, _) = Parse(line);

        Assert.Null(reason);
        Assert.True(accessLogger);
        Assert.Equal(("GET", "/odoo/action-123?debug=1", 303, "rw"), (record!.Method, record.Path, record.Status, record.CursorMode));
    }

    [Theory]
    [InlineData("2024-05-13 09:12:44,512 4242 INFO prod odoo.modules.loading: 84 modules loaded in 1.20s, 0 queries ", nameof(SkipReason.OtherLogger))]
    [InlineData("2024-05-13 09:12:44,512 4242 WARNING ? odoo.addons.base.models.ir_cron: werkzeug: a message quoting werkzeug", nameof(SkipReason.OtherLogger))]
    [InlineData("Traceback (most recent call last):", nameof(SkipReason.Continuation))]
    [InlineData("  File \"/opt/odoo/odoo/http.py\", line 2150, in __call__", nameof(SkipReason.Continuation))]
    [InlineData("", nameof(SkipReason.Blank))]
    [InlineData("   \r", nameof(SkipReason.Blank))]
    [InlineData("2024-05-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.9 - - [13/May/2024 09:12:44] code 400, message Bad request version", nameof(SkipReason.NotARequest))]
    [InlineData("2024-05-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] \"GET / HTTP/1.1\" 200 - 37 x 0.164", nameof(SkipReason.Malformed))]
    [InlineData("2024-05-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] \"GET / HTTP/1.1\" 200 - 37 0.1", nameof(SkipReason.Malformed))]
    [InlineData("2024-05-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] \"GET / HTTP/1.1\" 200 - 37 0.1 0.2 zz", nameof(SkipReason.Malformed))]
    [InlineData("2024-13-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] \"GET / HTTP/1.1\" 200 - 37 0.1 0.2", nameof(SkipReason.Malformed))]
    [InlineData("2024-05-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] \"GET / HTTP/1.1\" 200 - 37 0.1 0.2 ro extra", nameof(SkipReason.Malformed))]
    [InlineData("2024-05-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] \"POST /longpolling/poll HTTP/1.1\" 200 - 4 0.003 50.012", nameof(SkipReason.LongPolling))]
    [InlineData("2024-05-13 09:12:44,512 4242 INFO prod werkzeug: 10.0.0.7 - - [13/May/2024 09:12:44] \"GET /websocket?version=18.0-2 HTTP/1.1\" 101 - 2 0.001 0.004", nameof(SkipReason.LongPolling))]
    [InlineData("2024-05-13 09:12:44,512 4242 INFO prod werkzeug: \u0000\u0001\u0002 garbage", nameof(SkipReason.Unreadable))]
    public void LinesThatAreNotTimedRequestsAreSkippedWithTheirReason(string line, string expected)
    {
        var (reason, record, _, _) = Parse(line);

        Assert.Equal(Enum.Parse<SkipReason>(expected), reason);
        Assert.Null(record);
    }

    [Fact]
    public void ACarriageReturnEndingIsIgnored()
    {
        Assert.Null(Parse(Werkzeug + "\r").Reason);
    }
}
