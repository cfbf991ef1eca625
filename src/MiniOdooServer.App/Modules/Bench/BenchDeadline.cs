using System.Globalization;
using Microsoft.AspNetCore.Http;
using MiniOdooServer.App.Http;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// <c>limit_time_real</c> for the bench routes that can run long (cpu, io, mixed, alloc, hang) where no watchdog ends
/// a request: the threaded server, whose threads cannot be killed. In a prefork HTTP worker the master kills the whole
/// worker past the limit (Odoo's semantics), so no deadline is set there. A request past its deadline stops at its
/// next check (a millisecond of CPU, a MiB, the end of its wait) and is answered 503 naming the limit.
/// </summary>
internal sealed class BenchDeadline(TimeSpan? limit, TimeProvider time)
{
    public TimeSpan? Limit { get; } = limit;

    public static BenchDeadline For(ServerOptions options, ProcessIdentity identity, TimeProvider time) =>
        new(identity.Role != ProcessIdentity.HttpWorkerRole && options.Limits.TimeReal > 0
            ? TimeSpan.FromSeconds(options.Limits.TimeReal)
            : null, time);

    /// <summary>At most the limit: how long a hang may block its thread.</summary>
    public TimeSpan Bound(TimeSpan wanted) => Limit is { } limit && wanted > limit ? limit : wanted;

    /// <summary>
    /// Runs <paramref name="work"/> with a token cancelled at the deadline or when the client goes; past the deadline
    /// answers 503 instead.
    /// </summary>
    public async Task RunAsync(HttpContext context, ProcessIdentity identity, Func<CancellationToken, Task> work)
    {
        if (Limit is not { } limit)
        {
            await work(context.RequestAborted);
            return;
        }
        using var deadline = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, context.RequestAborted);
        try
        {
            await work(linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            await WriteExceededAsync(context, identity);
        }
    }

    public Task WriteExceededAsync(HttpContext context, ProcessIdentity identity) =>
        context.Response.HasStarted
            ? Task.CompletedTask
            : BenchAnswer.WriteErrorAsync(context, identity, StatusCodes.Status503ServiceUnavailable,
                $"limit_time_real ({Limit!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s) reached: the request was stopped");
}
