using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Cron;
using MiniOdooServer.App.Http.Diagnostics;
using MiniOdooServer.App.Http.Transport;
using MiniOdooServer.App.Modules;
using MiniOdooServer.App.Modules.Bus;
using MiniOdooServer.App.Modules.Bus.HandOver;
using MiniOdooServer.App.Modules.Cron;
using MiniOdooServer.App.Monitoring;
using MiniOdooServer.App.Security;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.App.Http;

/// <summary>Builds the Kestrel application of one process from the options and the process's hosting settings.</summary>
public static class HttpApplicationFactory
{
    public static HttpApplication Create(ServerOptions options, HttpServerSettings settings)
    {
        // The empty builder, not the slim one: every option comes from mini-odoo's own configuration, so the host reads no
        // appsettings.json (no file watcher thread on the working directory), no environment variables, no "Kestrel"
        // section; and each service it does not register is one less the container resolves by reflection at start,
        // which in a native binary allocates far more than under the JIT.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(settings.LoggerFactory);
        builder.Services.AddSingleton<IHostLifetime, ProcessOwnedLifetime>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<InFlightRequests>();
        builder.Services.AddSingleton<ClientFaults>();
        builder.Services.AddSingleton(provider => settings.AccessLog ?? new LoggerAccessLog(
            settings.LoggerFactory.CreateLogger(LoggerNames.Requests), provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(provider => new AdminGuard(
            options, provider.GetRequiredService<TimeProvider>(), settings.LoggerFactory.CreateLogger(LoggerNames.Security)));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = GracefulStopTimeout(options));
        ConfigureKestrel(builder, settings);
        var selection = RouteModuleCatalog.Select(options);
        var bus = selection.Loaded.Any(m => m is BusModule);
        if (bus)
        {
            AddBus(builder.Services, options, settings);
        }
        if (selection.Loaded.Any(m => m is CronModule))
        {
            var cronLog = settings.LoggerFactory.CreateLogger(LoggerNames.Cron);
            builder.Services.AddSingleton(provider => CronStoreFactory.Create(options, provider.GetRequiredService<TimeProvider>(), cronLog));
        }

        var app = builder.Build();
        if (options.ProxyMode)
        {
            // As Odoo (16+): the forwarded headers are trusted only on a request that carries X-Forwarded-Host, which
            // the documented proxies always set; a request without it is taken as it came.
            app.UseWhen(context => context.Request.Headers.ContainsKey("X-Forwarded-Host"),
                branch => branch.UseForwardedHeaders(ForwardedHeaders()));
        }
        if (bus)
        {
            UseBus(app, settings);
        }
        app.UseMiddleware<RequestLifecycleMiddleware>();
        if (settings.Slot is not null || settings.Observer is not null)
        {
            app.UseMiddleware<RequestSlotMiddleware>();
        }
        if (settings.MaxConcurrentRequests is { } limit)
        {
            // Waiting long-polls and open websockets hold no thread here (they await): counting them would let a
            // few idle clients take every slot, so the cap applies to the other requests only.
            app.UseWhen(context => !bus || !RealtimeRoutes.Matches(context.Request),
                branch => branch.UseMiddleware<ConcurrentRequestLimitMiddleware>(limit));
        }

        var log = settings.LoggerFactory.CreateLogger(LoggerNames.Modules);
        if (selection.Unknown.Count > 0)
        {
            log.LogWarning("Modules not available in mini-odoo, not loaded: {Modules}", string.Join(", ", selection.Unknown));
        }
        foreach (var refusal in selection.Refusals)
        {
            log.LogWarning("{Refusal}", refusal);
        }
        foreach (var module in selection.Loaded)
        {
            // Each module's endpoints carry its name, so that a finished request is counted under it.
            module.Map(app.MapGroup("").WithMetadata(RouteModuleTag.For(module.Name)));
        }
        return new HttpApplication(app, app.Services.GetRequiredService<InFlightRequests>());
    }

    /// <summary>The bus store in every process that loads the module; the dispatcher only where long-polls are served.</summary>
    private static void AddBus(IServiceCollection services, ServerOptions options, HttpServerSettings settings)
    {
        var busLog = settings.LoggerFactory.CreateLogger(LoggerNames.Bus);
        services.AddSingleton(settings.BusTimings);
        services.AddSingleton(ChannelAccess.From(options));
        services.AddSingleton(provider =>
        {
            var store = BusStoreFactory.Create(options, provider.GetRequiredService<TimeProvider>(), busLog);
            if (settings.InlineSocketScheduling)
            {
                store = new ThreadPoolBusStore(store);
            }
            return settings.Counters is { } counters ? new CountingBusStore(store, counters) : store;
        });
        if (settings.Realtime is RealtimeHosting.Local)
        {
            services.AddSingleton(provider => new BusDispatcher(
                provider.GetRequiredService<IBusStore>(), settings.BusTimings, TimeSpan.FromSeconds(options.Bus.GcRetentionSeconds),
                provider.GetRequiredService<TimeProvider>(), busLog, collectOnTimer: !CronJobSelection.CollectsBus(options)));
        }
    }

    /// <summary>
    /// Where the bus serves: the dispatcher starts with the host and ends every wait as soon as the host stops (long-polls
    /// answer, websockets close with 1001) — before Kestrel waits for requests to finish. Where it hands over, the
    /// hand-over runs before the request lifecycle so that it holds no worker slot.
    /// </summary>
    private static void UseBus(WebApplication app, HttpServerSettings settings)
    {
        switch (settings.Realtime)
        {
            case RealtimeHosting.Local:
                var dispatcher = app.Services.GetRequiredService<BusDispatcher>();
                app.Lifetime.ApplicationStarted.Register(dispatcher.Start);
                app.Lifetime.ApplicationStopping.Register(dispatcher.Shutdown);
                // Only where a websocket may be: the middleware leaves a handshake feature on every request it sees,
                // which a waiting long-poll would keep.
                app.UseWhen(context => context.Request.Path.Equals(RealtimeRoutes.WebSocket, StringComparison.OrdinalIgnoreCase),
                    branch => branch.UseWebSockets());
                break;
            case RealtimeHosting.HandOver:
                app.UseMiddleware<RealtimeHandOverMiddleware>();
                break;
        }
    }

    /// <summary>In-flight requests may finish within limit_time_real (0: no limit) before the stop is forced.</summary>
    public static TimeSpan GracefulStopTimeout(ServerOptions options) =>
        options.Limits.TimeReal > 0 ? TimeSpan.FromSeconds(options.Limits.TimeReal) : Timeout.InfiniteTimeSpan;

    private static void ConfigureKestrel(WebApplicationBuilder builder, HttpServerSettings settings)
    {
        if (settings.Listen is ListenTarget.InheritedSocket)
        {
            builder.Services.AddSingleton(settings.Admission ?? new ConnectionAdmission(int.MaxValue));
            builder.Services.AddSingleton<IConnectionListenerFactory, InheritedSocketListenerFactory>();
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinRequestBodyDataRate = ClientLimits.MinBodyRate;
            if (settings.SocketTimeout is { } timeout)
            {
                // Until a connection's first byte Kestrel applies its keep-alive timeout (130 s), not the header
                // timeout: a browser's speculative preconnect, which sends nothing, would hold a connection that long.
                kestrel.Limits.KeepAliveTimeout = timeout;
                kestrel.Limits.RequestHeadersTimeout = ClientLimits.HeadersTimeout;
            }
            switch (settings.Listen)
            {
                case ListenTarget.Address address:
                    kestrel.Listen(address.EndPoint, listen => listen.Protocols = HttpProtocols.Http1);
                    break;
                case ListenTarget.InheritedSocket inherited:
                    kestrel.ListenHandle((ulong)inherited.Fd, listen => listen.Protocols = HttpProtocols.Http1);
                    break;
            }
        });
    }

    /// <summary>proxy_mode trusts one hop of X-Forwarded-For/Proto/Host from any peer, as Odoo's ProxyFix does.</summary>
    private static ForwardedHeadersOptions ForwardedHeaders()
    {
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor |
                               Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto |
                               Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost,
            ForwardLimit = 1,
        };
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        return forwarded;
    }
}
