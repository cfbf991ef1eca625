using System.Net;
using System.Text;
using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Bus;

/// <summary>
/// Issue 13, point 6: a poll the longpolling worker refuses as too large reaches a client of the HTTP port as that
/// refusal (413, Odoo's error shape) and is logged as the client's fault, never as a failed hand-over.
/// </summary>
public sealed class HandOverRefusalTests
{
    private const int TwoMegabytes = 2 * 1024 * 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATwoMegabytePollOnTheHttpPortIsA413(bool withLength)
    {
        var (server, port, _) = await Servers.StartPreforkWithBusAsync(1);
        await using var _ = server;

        using var response = await Servers.Http.PostAsync($"http://127.0.0.1:{port}/longpolling/poll", BigPoll(withLength));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(413, error.GetProperty("code").GetInt32());
        Assert.Equal("werkzeug.exceptions.RequestEntityTooLarge", error.GetProperty("data").GetProperty("name").GetString());
        await server.WaitForLogAsync(@"body over 1048576 bytes, refused with 413 \(a client fault");
        Assert.DoesNotContain("does not answer", body);
        Assert.DoesNotContain("Hand-over to the longpolling worker", server.Output);
        // The worker is still serving: its slot was given back and the next request gets in.
        Assert.Contains("pass", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
    }

    /// <summary>A JSON-RPC poll of about 2 MB: with a Content-Length, or streamed (chunked, no length known ahead).</summary>
    private static HttpContent BigPoll(bool withLength)
    {
        var channels = string.Join(",", Enumerable.Repeat("\"" + new string('x', 100) + "\"", TwoMegabytes / 103 + 1));
        var bytes = Encoding.UTF8.GetBytes("""{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"channels": [""" + channels + """], "last": 0}}""");
        HttpContent content = withLength ? new ByteArrayContent(bytes) : new StreamContent(new UnseekableStream(bytes));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    /// <summary>A stream whose length HttpClient cannot know, so that it sends the body chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
