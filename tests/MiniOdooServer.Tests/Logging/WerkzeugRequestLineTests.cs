using MiniOdooServer.App.Http.Diagnostics;

namespace MiniOdooServer.Tests.Logging;

public sealed class WerkzeugRequestLineTests
{
    [Fact]
    public void TheDateInTheRequestLineIsUtcWhateverTheOffsetGiven()
    {
        var kolkata = new DateTimeOffset(2024, 5, 13, 14, 42, 44, TimeSpan.FromHours(5.5));

        var line = WerkzeugRequestLine.Format("127.0.0.1", kolkata, "GET", "/web/health", "HTTP/1.1", 200, 0.0021);

        Assert.Equal("127.0.0.1 - - [13/May/2024 09:12:44] \"GET /web/health HTTP/1.1\" 200 - 0 0.000 0.002", line);
    }
}
