using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Http;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// <c>POST /bench/echo</c> (or PUT): answers the request body as it came, with its content type, for POST load. The
/// body is the answer, so the process that served it is named in headers (<see cref="BenchAnswer.NameProcess"/>).
/// A body over 1 MiB never reaches it: the server refuses it first (413, <see cref="ClientLimits.MaxBodyBytes"/>).
/// </summary>
internal sealed class BenchEchoRoute(ProcessIdentity identity)
{

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
        // The body was read in full before the route (RequestSlotMiddleware), within the server's limit.
        var body = new ArrayBufferWriter<byte>(Math.Max((int)(request.ContentLength ?? 0), 4096));
        while (true)
        {
            var read = await request.Body.ReadAsync(body.GetMemory(16 * 1024), context.RequestAborted);
            if (read == 0)
            {
                break;
            }
            body.Advance(read);
        }

        var response = context.Response;
        BenchAnswer.NameProcess(response, identity);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = request.ContentType ?? "application/octet-stream";
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, CancellationToken.None);
    }
}
