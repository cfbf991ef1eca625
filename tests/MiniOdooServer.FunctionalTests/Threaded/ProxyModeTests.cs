using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>
/// proxy_mode: the werkzeug line logs the client named by X-Forwarded-For only when the proxy is trusted — with
/// proxy_mode, and (as Odoo 16+) only on a request that carries X-Forwarded-Host.
/// </summary>
public sealed class ProxyModeTests
{
    [Theory]
    [InlineData(true, true, "203.0.113.9")]
    [InlineData(true, false, "127.0.0.1")]
    [InlineData(false, true, "127.0.0.1")]
    public async Task TheAccessLineNamesTheForwardedClientOnlyInProxyMode(bool proxyMode, bool forwardedHost, string loggedClient)
    {
        var (server, port) = proxyMode ? await Servers.StartThreadedAsync("--proxy-mode") : await Servers.StartThreadedAsync();
        await using var _ = server;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/web/health");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        if (forwardedHost)
        {
            request.Headers.Add("X-Forwarded-Host", "erp.example.com");
        }
        request.Headers.Add("X-Forwarded-Proto", "https");
        (await Servers.Http.SendAsync(request)).Dispose();

        await server.WaitForLogAsync($@"INFO \? werkzeug: {System.Text.RegularExpressions.Regex.Escape(loggedClient)} - - \[.*\] ""GET /web/health HTTP/1\.1"" 200 ");
    }
}
