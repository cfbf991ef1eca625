using System.Net;
using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>JSON-RPC errors answer HTTP 200 in Odoo's error shape, and never carry a stack trace. One server for all cases.</summary>
public sealed class JsonRpcErrorTests(ThreadedServerFixture fixture) : IClassFixture<ThreadedServerFixture>
{
    [Theory]
    [InlineData("""{"jsonrpc": "2.0", "method": "call", "params": {"service": "common", """, "werkzeug.exceptions.BadRequest", "Invalid JSON data")]
    [InlineData("""{"jsonrpc": "2.0", "method": "call", "params": {"service": "nosuch", "method": "version", "args": []}, "id": 7}""", "builtins.Exception", "Service not found: nosuch")]
    [InlineData("""{"jsonrpc": "2.0", "method": "call", "params": ["common", "version"], "id": 8}""", "werkzeug.exceptions.BadRequest", "params must be a JSON object")]
    [InlineData("""[1, 2, 3]""", "werkzeug.exceptions.BadRequest", "must be a JSON object")]
    [InlineData("""{"jsonrpc": "2.0", "method": "call", "params": {"service": "common", "method": "nosuch"}, "id": 9}""", "builtins.Exception", "Method not found: common.nosuch")]
    public async Task ErrorsAnswer200InOdoosShapeWithoutAStackTrace(string body, string name, string message)
    {
        using var response = await WebRoutesTests.PostJsonAsync(fixture.Port, "/jsonrpc", body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(text);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("2.0", json.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal(JsonValueKind.Number, error.GetProperty("code").ValueKind);
        Assert.Equal("Odoo Server Error", error.GetProperty("message").GetString());
        Assert.Equal(name, error.GetProperty("data").GetProperty("name").GetString());
        Assert.Contains(message, error.GetProperty("data").GetProperty("message").GetString());
        Assert.False(json.RootElement.TryGetProperty("result", out _));
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("Exception:", text);
        Assert.DoesNotContain(".cs:line", text);
    }

    [Fact]
    public async Task TheIdOfTheCallIsEchoedInTheError()
    {
        using var response = await WebRoutesTests.PostJsonAsync(fixture.Port, "/jsonrpc",
            """{"jsonrpc": "2.0", "method": "call", "params": {"service": "nosuch", "method": "x"}, "id": "abc"}""");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("abc", json.RootElement.GetProperty("id").GetString());
    }
}
