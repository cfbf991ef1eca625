using System.Net;
using System.Text;
using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

public sealed class WebRoutesTests
{
    [Fact]
    public async Task HealthAnswersPassAndTheRequestIsLoggedInWerkzeugFormat()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var _ = server;

        var body = await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health");

        Assert.Equal("""{"status": "pass"}""", body);
        await server.WaitForLogAsync(
            @"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ INFO \? werkzeug: 127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4} \d\d:\d\d:\d\d\] ""GET /web/health HTTP/1\.1"" 200 - 0 0\.000 \d+\.\d{3}$");
    }

    [Fact]
    public async Task JsonRpcCommonVersionAnswersOdooVersionFields()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var _ = server;

        using var response = await PostJsonAsync(port, "/jsonrpc",
            """{"jsonrpc": "2.0", "method": "call", "params": {"service": "common", "method": "version", "args": []}, "id": 42}""");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(42, json.RootElement.GetProperty("id").GetInt32());
        var result = json.RootElement.GetProperty("result");
        Assert.Equal("18.0", result.GetProperty("server_serie").GetString());
        Assert.Equal(1, result.GetProperty("protocol_version").GetInt32());
        Assert.Equal(6, result.GetProperty("server_version_info").GetArrayLength());
    }

    internal static Task<HttpResponseMessage> PostJsonAsync(int port, string path, string json) =>
        Servers.Http.PostAsync($"http://127.0.0.1:{port}{path}", new StringContent(json, Encoding.UTF8, "application/json"));
}
