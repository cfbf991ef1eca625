using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MiniOdooServer.App.Bus;
using MiniOdooServer.App.Http;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Tests.App.Bus.Support;

/// <summary>
/// The HTTP application with the bus on an in-process Kestrel, on a free loopback port, with its own SQLite bus in a
/// temporary folder that is deleted again at the end.
/// </summary>
internal sealed class InProcessBusServer : IAsyncDisposable
{
    private readonly string _dataDir;

    private InProcessBusServer(string dataDir, int port, HttpApplication app)
    {
        _dataDir = dataDir;
        Port = port;
        App = app;
    }

    public int Port { get; }

    public HttpApplication App { get; }

    /// <param name="adjust">Changes to the default settings, if any.</param>
    public static async Task<InProcessBusServer> StartAsync(
        string name, BusTimings? timings = null, Func<HttpServerSettings, HttpServerSettings>? adjust = null)
    {
        var dataDir = Directory.CreateTempSubdirectory($"mini-odoo-{name}-").FullName;
        var port = FreePort();
        var settings = new HttpServerSettings
        {
            Listen = new ListenTarget.Address(new IPEndPoint(IPAddress.Loopback, port)),
            LoggerFactory = NullLoggerFactory.Instance,
        };
        if (timings is not null)
        {
            settings = settings with { BusTimings = timings };
        }
        var app = HttpApplicationFactory.Create(new ServerOptions { DataDir = dataDir }, adjust?.Invoke(settings) ?? settings);
        await app.StartAsync();
        return new InProcessBusServer(dataDir, port, app);
    }

    /// <summary>Starts, and waits until its dispatcher listens: a message sent from then on wakes the waiting polls.</summary>
    public static async Task<InProcessBusServer> StartListeningAsync(string name)
    {
        var server = await StartAsync(name);
        await server.App.Services.GetRequiredService<BusDispatcher>().Listening.Within();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
