using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using MiniOdooServer.App.Http.Transport;

namespace MiniOdooServer.App.Http;

/// <summary>
/// Where a request starts to count as work. In a prefork HTTP worker (a <see cref="RequestSlot"/>) the request's body
/// is read in full first — at the route's limit and the minimum data rate — and only then does the request take the
/// worker's one slot, behind the requests that completed before it: a slow or silent client holds a connection, never
/// the worker. Then the observer (the worker's limits and scoreboard, or the threaded server's slot) is told.
/// </summary>
internal sealed class RequestSlotMiddleware(RequestDelegate next, HttpServerSettings settings, ClientFaults faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var slot = settings.Slot;
        if (slot is not null)
        {
            try
            {
                await ReadBodyAsync(context);
            }
            catch (BadHttpRequestException fault)
            {
                await faults.AnswerAsync(context, fault);
                return;
            }
            try
            {
                var take = slot.TakeAsync(context.RequestAborted);
                if (!take.IsCompleted)
                {
                    settings.Counters?.RequestQueued();
                }
                await take;
            }
            catch (OperationCanceledException)
            {
                // The client left while its request waited for the slot: there is no one to answer.
                return;
            }
        }
        try
        {
            settings.Observer?.RequestStarted(context);
            try
            {
                await next(context);
            }
            finally
            {
                settings.Observer?.RequestFinished(context);
            }
        }
        finally
        {
            slot?.Release();
        }
    }

    /// <summary>Reads the whole body into memory and puts it back as the request's body; nothing to do without one.</summary>
    private static async Task ReadBodyAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true })
        {
            return;
        }
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>() is { } limit &&
            context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit.Bytes;
        }
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted || read.IsCanceled)
            {
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                context.Request.Body = new MemoryStream(body, writable: false);
                return;
            }
            // Nothing consumed, everything examined: the next read returns once more has arrived.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
