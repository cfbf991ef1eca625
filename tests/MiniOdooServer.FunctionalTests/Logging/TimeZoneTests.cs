using System.Globalization;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Logging;

/// <summary>Odoo's log is UTC whatever the host's zone (it sets TZ=UTC at import); mini-odoo's must read the same.</summary>
public sealed class TimeZoneTests
{
    [Fact]
    public async Task OnAHostFiveAndAHalfHoursAheadTheLogTimesAreUtc()
    {
        var (server, port) = await Servers.StartThreadedAsync(new Dictionary<string, string> { ["TZ"] = "Asia/Kolkata" });
        await using var _ = server;

        await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health");
        var request = await server.WaitForLogAsync(@"^(\S+ \S+),\d{3} \d+ INFO \? werkzeug: \S+ - - \[([^\]]+)\] ""GET /web/health ");
        var now = DateTime.UtcNow;

        var first = DateTime.ParseExact(server.Output[..19], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var prefix = DateTime.ParseExact(request.Groups[1].Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var werkzeug = DateTime.ParseExact(request.Groups[2].Value, "dd/MMM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        // Within a few minutes of UTC now; local time in Kolkata would be 5:30 ahead.
        Assert.All([first, prefix, werkzeug], stamp => Assert.InRange(stamp, now - TimeSpan.FromMinutes(3), now + TimeSpan.FromMinutes(1)));
    }
}
