using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Modules.Bench.Gil;
using MiniOdooServer.App.Security;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// <c>bench</c>: workloads that load-test the process model. <c>/bench/cpu</c> burns exact thread CPU time,
/// <c>/bench/io</c> waits without a thread (like a database call), <c>/bench/mixed</c> does both,
/// <c>/bench/replay</c> models one Odoo request (queries, SQL time and Python time interleaved), <c>/bench/json</c> serialises a payload,
/// <c>/bench/echo</c> returns a POST body, <c>/bench/alloc</c> grows resident memory, <c>/bench/hang</c> blocks its
/// thread, <c>/bench/crash</c> kills the process. Every answer names the process that served it. With
/// <c>gil = True</c> the CPU work runs under one process-wide lock, as in CPython. Beyond <c>local_networks</c> every
/// route needs the admin password; none is served on gevent_port; the long ones obey <see cref="BenchDeadline"/>.
/// </summary>
internal sealed class BenchModule(bool gil) : IRouteModule
{
    /// <summary>How long a crash waits after its answer so the answer leaves the socket before the process dies.</summary>
    private static readonly TimeSpan CrashDelay = TimeSpan.FromMilliseconds(200);

    public string Name => "bench";

    public string? RefusalReason(ServerOptions options) => BenchAdmission.RefusalReason(options);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var settings = endpoints.ServiceProvider.GetRequiredService<HttpServerSettings>();
        var identity = settings.Identity;
        if (identity.Role == ProcessIdentity.LongPollingRole)
        {
            // Never on gevent_port: the longpolling worker has no per-request time limit and serves every realtime
            // client of the server, so one /bench/hang or /bench/alloc there stalls or kills all of them.
            return;
        }
        var log = settings.LoggerFactory.CreateLogger(LoggerNames.Bench);
        var time = endpoints.ServiceProvider.GetRequiredService<TimeProvider>();
        var guard = endpoints.ServiceProvider.GetRequiredService<AdminGuard>();
        var deadline = BenchDeadline.For(endpoints.ServiceProvider.GetRequiredService<ServerOptions>(), identity, time);
        var cpu = CreateWorkload(gil, time);

        // Every bench route: open to local_networks, else only with the admin password (never its default).
        RequestDelegate Guarded(RequestDelegate route) => async context =>
        {
            if (await guard.AdmitUnlessLocalAsync(context, "the bench routes (open to local_networks without a password)"))
            {
                await route(context);
            }
        };

        endpoints.MapGet("/bench/cpu", Guarded(new BenchCpuRoute(identity, cpu, deadline, log).HandleAsync));
        endpoints.MapGet("/bench/replay", Guarded(new BenchReplayRoute(identity, cpu, deadline, time).HandleAsync));

        endpoints.MapGet("/bench/io", Guarded(context => WithParameter(context, identity, BenchParameter.Milliseconds, ms =>
            deadline.RunAsync(context, identity, async token =>
            {
                var started = Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromMilliseconds(ms), time, token);
                var elapsed = Stopwatch.GetElapsedTime(started);
                await BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer =>
                {
                    writer.WriteNumber("ms", ms);
                    writer.WriteNumber("elapsed_ms", Math.Round(elapsed.TotalMilliseconds, 3));
                });
            }))));

        var mixed = new BenchMixedRoute(identity, cpu);
        endpoints.MapGet("/bench/mixed", Guarded(context => deadline.RunAsync(context, identity, token => mixed.HandleAsync(context, token))));
        endpoints.MapGet("/bench/json", Guarded(new BenchJsonRoute(identity, cpu).HandleAsync));
        // Every method reaches the route, so that a GET is told what to send instead of an empty 405.
        endpoints.Map("/bench/echo", Guarded(new BenchEchoRoute(identity).HandleAsync));

        endpoints.MapGet("/bench/alloc", Guarded(context => WithParameter(context, identity, BenchParameter.Mebibytes, mb =>
            deadline.RunAsync(context, identity, token =>
            {
                long held;
                try
                {
                    held = MemoryHoard.Take(mb, token);
                }
                catch (OutOfMemoryException)
                {
                    return BenchAnswer.WriteErrorAsync(context, identity, StatusCodes.Status507InsufficientStorage,
                        $"could not allocate {mb} MiB; {MemoryHoard.HeldMebibytes} MiB held");
                }
                return BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer =>
                {
                    writer.WriteNumber("mb", mb);
                    writer.WriteNumber("held_mb", held);
                    writer.WriteNumber("working_set_bytes", Environment.WorkingSet);
                });
            }))));

        endpoints.MapGet("/bench/hang", Guarded(context => WithParameter(context, identity, BenchParameter.Seconds, s =>
        {
            // Blocks the thread on purpose: a request stuck in C code or a lock, which only a watchdog can end. Where no
            // watchdog kills it (threaded mode), it blocks for limit_time_real at most.
            var wanted = TimeSpan.FromSeconds(s);
            var blocked = deadline.Bound(wanted);
            Thread.Sleep(blocked);
            return blocked < wanted
                ? deadline.WriteExceededAsync(context, identity)
                : BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer => writer.WriteNumber("s", s));
        })));

        endpoints.MapGet("/bench/crash", Guarded(async context =>
        {
            log.LogCritical("Crash requested through /bench/crash: the process exits with status 1");
            context.Response.Headers.Connection = "close";
            await BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer => writer.WriteBoolean("crashing", true));
            await context.Response.CompleteAsync();
            await Task.Delay(CrashDelay);
            Environment.Exit(1);
        }));
    }

    /// <summary>The plain burner, or the same work under a process-wide GIL with CPython's 5 ms switch interval.</summary>
    private static ICpuWorkload CreateWorkload(bool gil, TimeProvider time) =>
        gil ? new GilCpuWorkload(new CpuBurner(), new GlobalInterpreterLock(time, GlobalInterpreterLock.DefaultSwitchInterval))
            : new PlainCpuWorkload(new CpuBurner());

    private static Task WithParameter(HttpContext context, ProcessIdentity identity, BenchParameter parameter, Func<int, Task> handle) =>
        parameter.TryRead(context.Request.Query, out var value, out var error)
            ? handle(value)
            : BenchAnswer.WriteErrorAsync(context, identity, StatusCodes.Status400BadRequest, error!);
}
