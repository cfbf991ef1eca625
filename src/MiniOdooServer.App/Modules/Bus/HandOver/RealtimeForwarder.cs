using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.App.JsonRpc;

namespace MiniOdooServer.App.Modules.Bus.HandOver;

/// <summary>
/// A small HTTP/1.1 forwarder to the longpolling worker, in YARP's manner: the request goes out through
/// SocketsHttpHandler; a 101 answer turns both sides into raw streams copied both ways (the websocket tunnel); any
/// other answer is copied back. If the longpolling worker cannot be reached the client gets Odoo's error, not a 500.
/// A body too large for the longpolling worker is the client's fault, answered 413 and logged as such (throttled):
/// never a hand-over failure.
/// </summary>
internal sealed class RealtimeForwarder(IPEndPoint longPolling, ILogger log, ThrottledLog clientFaults)
{
    // Above this (or of unknown length) a body waits for the longpolling worker's 100 Continue: a refusal on its
    // Content-Length then comes back before the body is sent. Without it the worker answered and closed while the body
    // was still going out, the send failed, and its 413 was lost. Smaller bodies go at once (no extra round trip).
    private const long ExpectContinueAbove = 64 * 1024;

    // One pool per process: connections to the longpolling worker are reused across hand-overs.
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    })
    {
        // A long-poll lasts up to 50 s and a websocket for hours: the caller's tokens bound them, not a client timeout.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private static readonly TimeSpan TunnelGrace = TimeSpan.FromSeconds(3);

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    public async Task ForwardAsync(HttpContext context, CancellationToken stopping)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var isUpgrade = upgrade is { IsUpgradableRequest: true };
        using var message = CreateRequest(context, isUpgrade);
        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (Exception e) when (IsBodyTooLarge(e))
        {
            LogBodyTooLarge(context);
            context.Response.Headers.Connection = "close";
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status413PayloadTooLarge, OdooError.BodyTooLarge(JsonBody.MaxBytes));
            return;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                log.LogWarning("Hand-over to the longpolling worker at {EndPoint} failed: {Reason}", longPolling, e.Message);
                await AnswerUnreachableAsync(context);
            }
            return;
        }
        using (response)
        {
            if (isUpgrade && response.StatusCode == HttpStatusCode.SwitchingProtocols)
            {
                await TunnelAsync(context, upgrade!, response, stopping);
                return;
            }
            if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
            {
                LogBodyTooLarge(context);
                await DropUnsentBodyAsync(context);
            }
            context.Response.StatusCode = (int)response.StatusCode;
            CopyResponseHeaders(response, context.Response);
            // The slot is already given back: this connection must not carry another request.
            context.Response.Headers.Connection = "close";
            try
            {
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException)
            {
                context.Abort();
            }
        }
    }

    private HttpRequestMessage CreateRequest(HttpContext context, bool isUpgrade)
    {
        var request = context.Request;
        var message = new HttpRequestMessage(new HttpMethod(request.Method),
            new Uri($"http://{longPolling}{request.PathBase}{request.Path}{request.QueryString}"))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (!isUpgrade && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            // The longpolling worker's own cap: a body without a length that grows past it fails here, as a 413.
            message.Content = new StreamContent(new CappedRequestBody(request.Body, JsonBody.MaxBytes));
            message.Headers.ExpectContinue = request.ContentLength is not { } length || length > ExpectContinueAbove;
        }
        foreach (var (name, values) in request.Headers)
        {
            // Expect is the client's exchange with this worker (already answered by Kestrel); ours is set above.
            if (HopByHop.Contains(name) || name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        if (isUpgrade)
        {
            message.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            message.Headers.TryAddWithoutValidation("Upgrade", request.Headers.Upgrade.ToArray());
        }
        if (context.Connection.RemoteIpAddress is { } client)
        {
            message.Headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }
        return message;
    }

    /// <summary>The 101 goes back to the client, then bytes flow both ways until either side closes or the worker stops.</summary>
    private static async Task TunnelAsync(HttpContext context, IHttpUpgradeFeature upgrade, HttpResponseMessage response, CancellationToken stopping)
    {
        CopyResponseHeaders(response, context.Response);
        await using var upstream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await using var client = await upgrade.UpgradeAsync();
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        // A stopping worker leaves the tunnel a moment to end by itself: when the whole server stops, the
        // longpolling worker's 1001 close frame is on its way through it, and the client should see it.
        using var onStopping = stopping.Register(() => end.CancelAfter(TunnelGrace));
        var up = CopyAsync(client, upstream, end.Token);
        var down = CopyAsync(upstream, client, end.Token);
        await Task.WhenAny(up, down);
        await end.CancelAsync();
        await Task.WhenAll(up, down);
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static void CopyResponseHeaders(HttpResponseMessage from, HttpResponse to)
    {
        foreach (var (name, values) in from.Headers.Concat(from.Content.Headers))
        {
            if (!HopByHop.Contains(name) || name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
            {
                to.Headers[name] = values.ToArray();
            }
        }
    }

    /// <summary>The client's body went past the cap while this worker read it for the hand-over.</summary>
    private static bool IsBodyTooLarge(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The longpolling worker refused the body on its announced length, before it was sent: the client is sending it all
    /// the same (it did not ask for 100 Continue), and a close now would reset it before it reads the 413. Read to its
    /// end and dropped, within Kestrel's own cap and minimum data rate.
    /// </summary>
    private static async Task DropUnsentBodyAsync(HttpContext context)
    {
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // Too slow, too large or gone: the connection closes as before.
        }
    }

    private void LogBodyTooLarge(HttpContext context) =>
        clientFaults.Warn($"{context.Request.Method} {context.Request.Path} from {context.Connection.RemoteIpAddress}: " +
                          $"body over {JsonBody.MaxBytes} bytes, refused with 413 (a client fault, not a hand-over failure)");

    private async Task AnswerUnreachableAsync(HttpContext context)
    {
        var port = longPolling.Port;
        context.Response.Headers.Connection = "close";
        if (HttpMethods.IsPost(context.Request.Method))
        {
            await JsonRpcResponse.WriteErrorAsync(context.Response, default,
                OdooError.Exception($"bus.Bus unavailable: the longpolling worker on the evented port ({port}) does not answer"));
        }
        else
        {
            await JsonBody.WriteErrorAsync(context.Response, StatusCodes.Status502BadGateway, new OdooError(
                "builtins.RuntimeError", $"Couldn't bind the websocket: the longpolling worker on the evented port ({port}) does not answer"));
        }
    }
}
