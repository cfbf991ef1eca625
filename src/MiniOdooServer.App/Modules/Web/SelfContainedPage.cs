using System.Text;
using Microsoft.AspNetCore.Http;

namespace MiniOdooServer.App.Modules.Web;

/// <summary>
/// An HTML page served from memory whose inline script and style are all it runs: its Content-Security-Policy lets it
/// fetch only from its own origin (the routes and the websocket it talks to) and load nothing from anywhere else.
/// </summary>
internal sealed class SelfContainedPage(string html)
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'";

    private readonly byte[] _body = Encoding.UTF8.GetBytes(html);

    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = _body.Length;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-cache";
        return response.Body.WriteAsync(_body, context.RequestAborted).AsTask();
    }
}
