using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using MiniOdooServer.App.Http;

namespace MiniOdooServer.Tests.App.Http;

/// <summary>
/// A body announced over the route's limit is refused only once it has all been read and dropped: a client still
/// sending when the answer came and the connection closed would get a broken pipe (a reset), not the 413.
/// </summary>
public sealed class RequestBodyReadingTests
{
    private const long TwoMegabytes = 2 << 20;

    [Fact]
    public async Task ABodyAnnouncedOverTheLimitIsReadToItsEndBeforeThe413()
    {
        var body = new Pipe();
        var context = Request(body.Reader, TwoMegabytes);

        var reading = RequestSlotMiddleware.ReadBodyAsync(context);
        await body.Writer.WriteAsync(new byte[1024]);

        Assert.False(reading.IsCompleted, "refused while the client was still sending");
        await body.Writer.WriteAsync(new byte[TwoMegabytes - 1024]);
        await body.Writer.CompleteAsync();
        var refusal = await Assert.ThrowsAsync<BadHttpRequestException>(() => reading);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, refusal.StatusCode);
        Assert.Equal($"request body of {TwoMegabytes} bytes is over the limit of {ClientLimits.MaxBodyBytes} bytes", refusal.Message);
    }

    [Fact]
    public async Task AClientWaitingForContinueIsRefusedAtOnce()
    {
        // It sends nothing until told to: reading would only make Kestrel tell it to send 2 MB to be dropped.
        var context = Request(new Pipe().Reader, TwoMegabytes);
        context.Request.Headers.Expect = "100-continue";

        var refusal = await Assert.ThrowsAsync<BadHttpRequestException>(() => RequestSlotMiddleware.ReadBodyAsync(context));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, refusal.StatusCode);
    }

    private static DefaultHttpContext Request(PipeReader body, long contentLength)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection());
        context.Features.Set<IRequestBodyPipeFeature>(new BodyPipe(body));
        context.Request.Method = "POST";
        context.Request.ContentLength = contentLength;
        return context;
    }

    private sealed class BodyDetection : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    private sealed class BodyPipe(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }
}
