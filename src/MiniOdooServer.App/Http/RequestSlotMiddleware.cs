using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using MiniOdooServer.App.Http.Transport;

namespace MiniOdooServer.App.Http;

/// <summary>
/// Where a request starts to count as work. Its body is read in full first — at the route's limit and the minimum
/// data rate, a broken body answered as the client's fault — and only then, in a prefork HTTP worker, does the request
/// take the worker's one slot (<see cref="RequestSlot"/>), behind the requests that completed before it: a slow or
/// silent client holds a connection, never the worker. Then the observer (the worker's limits and scoreboard, or the
/// threaded server's slot) is told. Not in the longpolling worker, where each of thousands of waiting polls would
/// keep its body's copy.
/// </summary>
internal sealed class RequestSlotMiddleware(RequestDelegate next, HttpServerSettings settings, ClientFaults faults)
{
    public async Task InvokeAsync(HttpContext context)
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
        catch (IOException broken) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Kestrel's chunked decoder reports some malformed chunks this way ("Bad chunk size data.").
            await faults.AnswerAsync(context, new BadHttpRequestException($"Malformed request body: {broken.Message}", StatusCodes.Status400BadRequest));
            return;
        }
        var slot = settings.Slot;
        if (slot is not null)
        {
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

    /// <summary>
    /// Reads the whole body into memory and puts it back as the request's body; nothing to do without one. Over the
    /// route's limit it is refused (413) once it has been read to its end and dropped, so that the client, still
    /// sending, gets to read the answer rather than a reset (nginx's lingering close); at once only when the client
    /// announced it and waits for <c>100 Continue</c> before sending it.
    /// </summary>
    internal static async Task ReadBodyAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true })
        {
            return;
        }
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.Bytes ?? ClientLimits.MaxBodyBytes;
        var announced = context.Request.ContentLength is { } length && length > limit
            ? $"request body of {length} bytes is over the limit of {limit} bytes"
            : null;
        if (announced is not null && context.Request.Headers.Expect.Any(e => "100-continue".Equals(e, StringComparison.OrdinalIgnoreCase)))
        {
            throw TooLarge(announced);
        }
        var reader = context.Request.BodyReader;
        var dropped = announced is not null;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            if (dropped || read.Buffer.Length > limit)
            {
                // Over the limit: what came and what is still coming is dropped (Kestrel's own cap bounds it).
                dropped = true;
                reader.AdvanceTo(read.Buffer.End);
            }
            else if (!read.IsCompleted && !read.IsCanceled)
            {
                // Nothing consumed, everything examined: the next read returns once more has arrived.
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
            if (read.IsCompleted || read.IsCanceled)
            {
                if (dropped)
                {
                    throw TooLarge(announced ?? $"request body is over the limit of {limit} bytes");
                }
                var body = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                context.Request.Body = new MemoryStream(body, writable: false);
                return;
            }
        }
    }

    private static BadHttpRequestException TooLarge(string message) => new(message, StatusCodes.Status413PayloadTooLarge);
}
