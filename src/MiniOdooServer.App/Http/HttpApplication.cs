using Microsoft.AspNetCore.Builder;
using MiniOdooServer.App.Http.Diagnostics;

namespace MiniOdooServer.App.Http;

/// <summary>One process's HTTP application: start, stop gracefully within a bound, and say what is in flight.</summary>
public sealed class HttpApplication(WebApplication app, InFlightRequests inFlight) : IAsyncDisposable
{
    public InFlightRequests InFlight { get; } = inFlight;

    public IServiceProvider Services => app.Services;

    /// <summary>Binds (or adopts) the socket and starts serving; a taken port raises an IOException.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => app.StartAsync(cancellationToken);

    /// <summary>Stops accepting and lets in-flight requests finish until <paramref name="cancellationToken"/> forces the end.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
