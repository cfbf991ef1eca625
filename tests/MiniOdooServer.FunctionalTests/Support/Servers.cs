namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>Starts a threaded-mode server (<c>workers = 0</c>) on a free port and waits until it serves.</summary>
internal static class Servers
{
    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static Task<(ServerProcess Server, int Port)> StartThreadedAsync(params string[] extraArgs) =>
        StartThreadedAsync(null, extraArgs);

    /// <summary>The same, with extra environment variables (e.g. ODOO_MAX_HTTP_THREADS).</summary>
    public static async Task<(ServerProcess Server, int Port)> StartThreadedAsync(IDictionary<string, string>? environment, params string[] extraArgs)
    {
        var port = Ports.Free();
        var server = ServerProcess.Start(["--http-interface", "127.0.0.1", "-p", port.ToString(), .. extraArgs], environment);
        await DisposeOnFailureAsync(server, () => server.WaitForLogAsync(@"HTTP service \(kestrel\) running on"));
        return (server, port);
    }

    /// <summary>Starts a prefork master with <paramref name="workers"/> HTTP workers and waits until each says it is alive.</summary>
    public static Task<(ServerProcess Server, int Port)> StartPreforkAsync(int workers, params string[] extraArgs) =>
        StartPreforkWithCronAsync(workers, 0, extraArgs);

    /// <summary>The same with <paramref name="cronWorkers"/> cron workers (max_cron_threads); waits for the HTTP workers only.</summary>
    public static async Task<(ServerProcess Server, int Port)> StartPreforkWithCronAsync(int workers, int cronWorkers, params string[] extraArgs)
    {
        var port = Ports.Free();
        var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", port.ToString(), "--gevent-port", Ports.Free().ToString(),
             "--workers", workers.ToString(), "--max-cron-threads", cronWorkers.ToString(), .. extraArgs]);
        await DisposeOnFailureAsync(server, () => server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: workers));
        return (server, port);
    }

    /// <summary>The same, and waits until each cron worker says it is alive too.</summary>
    public static async Task<(ServerProcess Server, int Port)> StartPreforkWithLiveCronAsync(int workers, int cronWorkers, params string[] extraArgs)
    {
        var (server, port) = await StartPreforkWithCronAsync(workers, cronWorkers, extraArgs);
        await DisposeOnFailureAsync(server, () => server.WaitForCronWorkersAliveAsync(cronWorkers));
        return (server, port);
    }

    /// <summary>The same, and waits until the longpolling worker listens to the bus; returns its port too.</summary>
    public static async Task<(ServerProcess Server, int Port, int GeventPort)> StartPreforkWithBusAsync(int workers, params string[] extraArgs)
    {
        var (server, port) = await StartPreforkAsync(workers, extraArgs);
        var evented = await DisposeOnFailureAsync(server, async () =>
        {
            var match = await server.WaitForLogAsync(@"Evented Service \(longpolling\) running on 127\.0\.0\.1:(\d+)");
            await server.WaitForLogAsync(@"Bus\.loop listening on");
            return match;
        });
        return (server, port, int.Parse(evented.Groups[1].Value));
    }

    /// <summary>A server that did not come up in time is stopped before the failure is reported: it must not outlive the test.</summary>
    private static async Task<T> DisposeOnFailureAsync<T>(ServerProcess server, Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }
}
