using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http;
using MiniOdooServer.App.Modules.Bench.Gil;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// <c>bench</c>: workloads that load-test the process model. <c>/bench/cpu</c> computes, <c>/bench/io</c> waits
/// without a thread (like a database call), <c>/bench/mixed</c> does both, <c>/bench/json</c> serialises a payload,
/// <c>/bench/echo</c> returns a POST body, <c>/bench/alloc</c> grows resident memory, <c>/bench/hang</c> blocks its
/// thread, <c>/bench/crash</c> kills the process. Every answer names the process that served it. With
/// <c>gil = True</c> the CPU work runs under one process-wide lock, as in CPython.
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
        var log = settings.LoggerFactory.CreateLogger("mini_odoo.bench");
        var cpu = CreateWorkload(gil, endpoints.ServiceProvider.GetRequiredService<TimeProvider>());

        endpoints.MapGet("/bench/cpu", (RequestDelegate)(context => WithParameter(context, identity, BenchParameter.Units, async units =>
        {
            if (!CpuCalibration.IsMeasured)
            {
                log.LogInformation("One CPU unit is {Iterations} iterations on this machine",
                    CpuCalibration.Current.IterationsPerUnit);
            }
            var started = Stopwatch.GetTimestamp();
            var result = await cpu.RunAsync(units);
            var elapsed = Stopwatch.GetElapsedTime(started);
            await BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer =>
            {
                writer.WriteNumber("units", units);
                writer.WriteNumber("iterations", result.Iterations);
                writer.WriteNumber("checksum", result.Checksum);
                writer.WriteNumber("elapsed_ms", Math.Round(elapsed.TotalMilliseconds, 3));
            });
        })));

        endpoints.MapGet("/bench/io", (RequestDelegate)(context => WithParameter(context, identity, BenchParameter.Milliseconds, async ms =>
        {
            var started = Stopwatch.GetTimestamp();
            await Task.Delay(ms, context.RequestAborted);
            var elapsed = Stopwatch.GetElapsedTime(started);
            await BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer =>
            {
                writer.WriteNumber("ms", ms);
                writer.WriteNumber("elapsed_ms", Math.Round(elapsed.TotalMilliseconds, 3));
            });
        })));

        endpoints.MapGet("/bench/mixed", (RequestDelegate)new BenchMixedRoute(identity, cpu).HandleAsync);
        endpoints.MapGet("/bench/json", (RequestDelegate)new BenchJsonRoute(identity, cpu).HandleAsync);
        // Every method reaches the route, so that a GET is told what to send instead of an empty 405.
        endpoints.Map("/bench/echo", (RequestDelegate)new BenchEchoRoute(identity).HandleAsync);

        endpoints.MapGet("/bench/alloc", (RequestDelegate)(context => WithParameter(context, identity, BenchParameter.Mebibytes, mb =>
        {
            long held;
            try
            {
                held = MemoryHoard.Take(mb);
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
        })));

        endpoints.MapGet("/bench/hang", (RequestDelegate)(context => WithParameter(context, identity, BenchParameter.Seconds, s =>
        {
            // Blocks the thread on purpose: a request stuck in C code or a lock, which only a watchdog can end.
            Thread.Sleep(TimeSpan.FromSeconds(s));
            return BenchAnswer.WriteAsync(context, identity, StatusCodes.Status200OK, writer => writer.WriteNumber("s", s));
        })));

        endpoints.MapGet("/bench/crash", (RequestDelegate)(async context =>
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
        gil ? new GilCpuWorkload(new CpuBurner(), new GlobalInterpreterLock(time, GlobalInterpreterLock.DefaultSwitchInterval)) : new CpuBurner();

    private static Task WithParameter(HttpContext context, ProcessIdentity identity, BenchParameter parameter, Func<int, Task> handle) =>
        parameter.TryRead(context.Request.Query, out var value, out var error)
            ? handle(value)
            : BenchAnswer.WriteErrorAsync(context, identity, StatusCodes.Status400BadRequest, error!);
}
