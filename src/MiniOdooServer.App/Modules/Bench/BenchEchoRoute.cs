using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Http;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// <c>POST /bench/echo</c> (or PUT): answers the request body as it came, with its content type, for POST load. The
/// body is the answer, so the process that served it is named in headers (<see cref="BenchAnswer.NameProcess"/>).
/// A body over <see cref="MaxBodyBytes"/> is refused with 413 before it is read (Content-Length) or as soon as the
/// limit is passed (chunked); errors are JSON bench answers.
/// </summary>
internal sealed class BenchEchoRoute(ProcessIdentity identity)
{
    /// <summary>The largest body echoed: 1 MiB, ample for RPC-sized load and small enough to hold per request.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private static readonly string LimitText = $"{MaxBodyBytes.ToString(CultureInfo.InvariantCulture)} bytes (1 MiB)";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method))
        {
            context.Response.Headers.Allow = "POST, PUT";
            await BenchAnswer.WriteErrorAsync(context, identity, StatusCodes.Status405MethodNotAllowed,
                $"/bench/echo answers POST or PUT with the body to echo, not {request.Method}");
            return;
        }
        if (request.ContentLength is > MaxBodyBytes)
        {
            await RefuseTooLargeAsync(context,
                $"request body of {request.ContentLength.Value.ToString(CultureInfo.InvariantCulture)} bytes is over the limit of {LimitText}");
            return;
        }

        var body = new ArrayBufferWriter<byte>(Math.Max((int)(request.ContentLength ?? 0), 4096));
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(body.GetMemory(16 * 1024), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }
                body.Advance(read);
                if (body.WrittenCount > MaxBodyBytes)
                {
                    await RefuseTooLargeAsync(context, $"request body is over the limit of {LimitText}");
                    return;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own limit is the route's: it stopped the read first.
            await RefuseTooLargeAsync(context, $"request body is over the limit of {LimitText}");
            return;
        }

        var response = context.Response;
        BenchAnswer.NameProcess(response, identity);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = request.ContentType ?? "application/octet-stream";
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, CancellationToken.None);
    }

    /// <summary>The rest of the body is never read: the connection closes after the answer instead of draining it.</summary>
    private Task RefuseTooLargeAsync(HttpContext context, string message)
    {
        context.Response.Headers.Connection = "close";
        return BenchAnswer.WriteErrorAsync(context, identity, StatusCodes.Status413PayloadTooLarge, message);
    }
}
