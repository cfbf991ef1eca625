using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using MiniOdooServer.App.Http.Diagnostics;

namespace MiniOdooServer.Tests.Logging;

public sealed class WerkzeugRequestLineTests
{
    private static readonly DateTimeOffset When = new(2026, 12, 6, 10, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void TheDateInTheRequestLineIsUtcWhateverTheOffsetGiven()
    {
        var kolkata = new DateTimeOffset(2024, 5, 13, 14, 42, 44, TimeSpan.FromHours(5.5));

        var line = WerkzeugRequestLine.Format("127.0.0.1", kolkata, "GET", "/web/health", "HTTP/1.1", 200, 0.0021);

        Assert.Equal("127.0.0.1 - - [13/May/2024 09:12:44] \"GET /web/health HTTP/1.1\" 200 - 0 0.000 0.002", line);
    }

    /// <summary>Requests as a client may send them: (client, method, raw path, raw query, protocol, status, duration in ticks).</summary>
    public static TheoryData<string?, string, string, string, string, int, long> Requests => new()
    {
        { "127.0.0.1", "GET", "/web/health", "", "HTTP/1.1", 200, 21_000 },
        { "10.1.2.3", "POST", "/web/dataset/call_kw/res.partner/read", "", "HTTP/1.1", 500, 1_234_5678 },
        { "::1", "GET", "/web/health", "", "HTTP/1.1", 200, 0 },
        { "2001:db8::8a2e:370:7334", "HEAD", "/", "", "HTTP/1.0", 304, 5_000 },
        { "fe80::1%2", "GET", "/web/health", "", "HTTP/2", 200, 15_000 },
        { "::ffff:192.168.0.7", "GET", "/web/health", "", "HTTP/1.1", 200, 25_000 },
        { null, "GET", "/web/health", "", "HTTP/1.1", 200, 9_999 },
        { "127.0.0.1", "GET", "/web/health", "?client-padding=xxxx&a=%20b", "HTTP/1.1", 200, 4_999 },
        { "127.0.0.1", "GET", "/longpolling/poll", "?q=a#b", "HTTP/1.1", 200, 500_000_000 },
        { "127.0.0.1", "GET", "/search", "?q=\"quoted\"&x=<y>|{z}", "HTTP/1.1", 400, 1 },
        { "127.0.0.1", "GET", "/web/content/with space/é ü/日本", "?name=é", "HTTP/1.1", 404, 123_456_789 },
        { "127.0.0.1", "GET", "/already%20escaped/%zz/%", "", "HTTP/1.1", 404, 10_000 },
        { "127.0.0.1", "GET", "/a:b@c!$&'()*+,;=-._~/", "", "HTTP/1.1", 200, 36_000_000_000 },
        { "127.0.0.1", "OPTIONS", "", "", "HTTP/1.1", 204, 10 },
        { "127.0.0.1", "OPTIONS", "", "?x=1", "HTTP/1.1", 204, 10 },
        { "127.0.0.1", "PURGE", "/cache", "", "HTTP/1.1", 405, 11_111 },
        { "127.0.0.1", "M-SEARCH", "/upnp", "", "HTTP/1.1", 501, 99_995_000 },
        { "127.0.0.1", "PROPFIND", "/dav", "", "HTTP/1.1", 207, 864_000_000_000 },
        { "127.0.0.1", "CONNECT", "/", "", "HTTP/1.1", 101, 3_000 },
        { "127.0.0.1", "GET", "/web/health", "", "HTTP/1.1", 599, 1_000_000_000_000_000 },
        { "127.0.0.1", "GET", "/web/health", "", "HTTP/1.1", 100, 7 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void TheUtf8LineHasTheBytesOfTheFormattedLine(string? client, string method, string path, string query, string protocol, int status, long ticks)
    {
        var entry = new AccessLogEntry(client is null ? null : IPAddress.Parse(client), method, PathString.Empty,
            new PathString(path), new QueryString(query), protocol, status, TimeSpan.FromTicks(ticks));

        Assert.Equal(Encoding.UTF8.GetString(Expected(entry)), Encoding.UTF8.GetString(Written(entry)));
        Assert.Equal(Expected(entry), Written(entry));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void TheTargetIsTheEncodedPathAndQueryTheLineAlwaysShowed(string? client, string method, string path, string query, string protocol, int status, long ticks)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = new PathString(path);
        context.Request.QueryString = new QueryString(query);
        context.Request.Protocol = protocol;
        context.Response.StatusCode = status;
        context.Connection.RemoteIpAddress = client is null ? null : IPAddress.Parse(client);

        var entry = AccessLogEntry.From(context, TimeSpan.FromTicks(ticks));

        Assert.Equal(context.Request.GetEncodedPathAndQuery(), entry.Target);
        Assert.Equal(Expected(entry), Written(entry));
    }

    [Theory]
    [InlineData("/odoo", "/web/health", "")]
    [InlineData("/odoo/", "/web/health", "?a=1")]
    [InlineData("/with space", "", "")]
    public void APathBaseIsPartOfTheTarget(string pathBase, string path, string query)
    {
        var entry = new AccessLogEntry(IPAddress.Loopback, "GET", new PathString(pathBase), new PathString(path), new QueryString(query),
            "HTTP/1.1", 200, TimeSpan.FromMilliseconds(3));

        Assert.Equal(Expected(entry), Written(entry));
    }

    [Fact]
    public void AnyDurationIsWrittenAsTheDoubleFormatRoundsIt()
    {
        // Ties (x.xxx5 s) and the whole range a request can last, against "0.000" of TotalSeconds.
        var random = new Random(15);
        var ticks = Enumerable.Range(0, 20_000).Select(i => i * 2_500L)
            .Concat(Enumerable.Range(0, 50_000).Select(_ => random.NextInt64(0, 10_000_000_000)))
            .Concat(Enumerable.Range(0, 20_000).Select(_ => random.NextInt64(0, 999_999_999_999_999)));
        Span<byte> buffer = stackalloc byte[256];
        foreach (var t in ticks)
        {
            var duration = TimeSpan.FromTicks(t);
            var entry = new AccessLogEntry(null, "GET", default, new PathString("/"), default, "HTTP/1.1", 200, duration);
            Assert.True(WerkzeugRequestLine.TryWrite(buffer, entry, "[d]"u8, out var written));
            var line = Encoding.UTF8.GetString(buffer[..written]);
            Assert.Equal(duration.TotalSeconds.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), line[(line.LastIndexOf(' ') + 1)..]);
        }
    }

    [Fact]
    public void ALineThatDoesNotFitIsRefused()
    {
        var entry = new AccessLogEntry(IPAddress.Loopback, "GET", default, new PathString("/web/health"), default, "HTTP/1.1", 200, TimeSpan.Zero);
        var date = DateOf(When);
        var full = Expected(entry).Length;

        for (var size = 0; size < full; size++)
        {
            Assert.False(WerkzeugRequestLine.TryWrite(new byte[size], entry, date, out _));
        }
        Assert.True(WerkzeugRequestLine.TryWrite(new byte[full], entry, date, out var written));
        Assert.Equal(full, written);
    }

    [Fact]
    public void TheDateIsWrittenInItsBrackets()
    {
        var date = DateOf(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

        Assert.Equal("[02/Jan/2026 03:04:05]", Encoding.UTF8.GetString(date));
        Assert.Equal(WerkzeugRequestLine.DateLength, date.Length);
    }

    private static byte[] Expected(in AccessLogEntry entry) => Encoding.UTF8.GetBytes(WerkzeugRequestLine.Format(entry, When));

    private static byte[] Written(in AccessLogEntry entry)
    {
        var buffer = new byte[64 << 10];
        Assert.True(WerkzeugRequestLine.TryWrite(buffer, entry, DateOf(When), out var written));
        return buffer[..written];
    }

    private static byte[] DateOf(DateTimeOffset when)
    {
        var date = new byte[WerkzeugRequestLine.DateLength];
        Assert.True(WerkzeugRequestLine.TryWriteDate(when.UtcDateTime, date));
        return date;
    }
}
