using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.App.Monitoring;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Http;

/// <summary>
/// Wraps every request: keeps the in-flight list for SIGQUIT (when asked to), closes the connection after the response
/// when Odoo's worker semantics ask for it, answers a client's mistake with its own status (<see cref="ClientFaults"/>)
/// and a client that left with nothing, turns any other exception into a 500 without a stack trace to the client, and
/// writes the werkzeug access line.
/// </summary>
internal sealed class RequestLifecycleMiddleware(
    RequestDelegate next, HttpServerSettings settings, InFlightRequests inFlight, ClientFaults faults, IAccessLog access)
{
    private readonly ILogger _errors = settings.LoggerFactory.CreateLogger(LoggerNames.Http);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var request = context.Request;
        var id = settings.TrackInFlightRequests ? inFlight.Begin(request.Method, request.Path.Value ?? "/") : 0;
        if (settings.CloseAfterResponse)
        {
            context.Response.Headers.Connection = "close";
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException fault)
        {
            await faults.AnswerAsync(context, fault);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left (its body cut short, its connection reset): there is no one to answer, nothing to log.
        }
        catch (Exception e)
        {
            _errors.LogError(e, "Exception during request handling: {Method} {Path}", request.Method, request.Path.Value);
            await AnswerServerErrorAsync(context);
        }
        finally
        {
            if (id != 0)
            {
                inFlight.End(id);
            }
            // Counted before the response completes, so the count is in the slot before a retiring worker exits.
            settings.Counters?.RequestCompleted(
                context.GetEndpoint()?.Metadata.GetMetadata<RouteModuleTag>()?.Number ?? 0,
                context.Response.StatusCode,
                (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            if (access.IsEnabled)
            {
                access.Write(AccessLogEntry.From(context, Stopwatch.GetElapsedTime(started)));
            }
        }
    }

    private static async Task AnswerServerErrorAsync(HttpContext context)
    {
        if (context.Response.HasStarted)
        {
            // Part of the answer is on the wire: the only honest signal left is to cut the connection.
            context.Abort();
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"error": "Internal Server Error"}""");
    }
}
