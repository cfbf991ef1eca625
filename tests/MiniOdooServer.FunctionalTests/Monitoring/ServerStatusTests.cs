using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Monitoring;

/// <summary>
/// The shared view of all processes: /metrics counts every request whichever worker served it, and keeps counting
/// across recycles and kills; /web/server/status lists every process with its role; `mini-odoo status` and SIGUSR1
/// print the worker table.
/// </summary>
public sealed class ServerStatusTests
{
    private const string BenchOk = "mini_odoo_http_requests_total{module=\"bench\",status=\"2xx\"}";

    [Fact]
    public async Task MetricsCountEveryRequestAcrossWorkersThroughRecyclesAndAKill()
    {
        // limit_request 8 (+ up to 10 % jitter): 30 requests over 3 workers recycle some of them.
        var (server, port) = await Servers.StartPreforkAsync(3, "--load", "base,web,bench", "--limit-request", "8");
        await using var _ = server;

        await SendAsync(port, 30);

        Assert.Equal(30, await StatusClient.WaitForAsync(port, BenchOk, v => v >= 30));
        var recycled = await StatusClient.WaitForAsync(port,
            "mini_odoo_worker_recycles_total{role=\"http\",reason=\"limit_request\"}", v => v >= 1);
        await StatusClient.WaitForAsync(port, "mini_odoo_worker_respawns_total{role=\"http\"}", v => v >= recycled);

        Assert.Equal(0, StatusClient.Value(await StatusClient.MetricsAsync(port), "mini_odoo_worker_crashes_total{role=\"http\"}"));
        // An idle worker that counts in the population (a recycling one that is still exiting would not be replaced).
        var victim = await IdleHttpWorkerAsync(port);
        Signals.Send(victim, Signals.Kill);
        await StatusClient.WaitForAsync(port, "mini_odoo_worker_crashes_total{role=\"http\"}", v => v == 1);
        await server.WaitForLogAsync($@"WorkerHTTP \({victim}\) died unexpectedly");

        await SendAsync(port, 10);

        Assert.Equal(40, await StatusClient.WaitForAsync(port, BenchOk, v => v >= 40));
        // Read again: the folded counters of dead workers are neither lost nor counted twice.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(40, StatusClient.Value(await StatusClient.MetricsAsync(port), BenchOk));
        }
        var metrics = await StatusClient.MetricsAsync(port);
        Assert.Equal(40, StatusClient.Value(metrics, "mini_odoo_http_request_duration_seconds_count") -
                         RequestsOtherThanBench(metrics));
        Assert.Contains($"mini_odoo_listen_queue_backlog{{listener=\"http\"}} {Prefork.ListenBacklogTests.Automatic}", metrics, StringComparison.Ordinal);
        Assert.Contains("mini_odoo_bus_messages_published_total 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecyclesUnderLoadAreNeverCountedAsDeaths()
    {
        // A worker says "exiting: limit_request" and exits at once: the master must read the words before the exit.
        var (server, port) = await Servers.StartPreforkAsync(3, "--load", "base,web,bench", "--limit-request", "2",
            "--log-handler", "werkzeug:WARNING");
        await using var _ = server;
        var load = new LoadGenerator();

        await load.RunAsync($"http://127.0.0.1:{port}/bench/io?ms=1", clients: 6, CancellationToken.None, maxRequests: 150);

        Assert.Empty(load.Failures);
        var recycles = await StatusClient.WaitForAsync(port, "mini_odoo_worker_recycles_total{role=\"http\",reason=\"limit_request\"}", v => v >= 30);
        await StatusClient.WaitForAsync(port, "mini_odoo_worker_respawns_total{role=\"http\"}", v => v >= recycles);
        Assert.Equal(0, StatusClient.Value(await StatusClient.MetricsAsync(port), "mini_odoo_worker_crashes_total{role=\"http\"}"));
        Assert.DoesNotContain("died unexpectedly", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongpollingConnectionsAndBusMessagesAreCounted()
    {
        var (server, port, geventPort) = await Servers.StartPreforkWithBusAsync(2);
        await using var _ = server;
        using var socket = await BusClient.ConnectAsync(geventPort);
        await BusClient.SubscribeAsync(socket, """["status.test"]""", 0);

        await StatusClient.WaitForAsync(port, "mini_odoo_longpolling_connections", v => v >= 1);
        await BusClient.SendAsync(port, "status.test", "ping", "{}");
        await BusClient.SendAsync(port, "status.test", "ping", "{}");

        Assert.Equal(2, await StatusClient.WaitForAsync(port, "mini_odoo_bus_messages_published_total", v => v >= 2));
        using var status = await StatusClient.StatusAsync(port);
        var longPolling = Assert.Single(status.RootElement.GetProperty("processes").EnumerateArray(),
            p => p.GetProperty("role").GetString() == "longpolling");
        Assert.True(longPolling.GetProperty("connections").GetInt32() >= 1);
    }

    [Theory]
    [InlineData(false, null, null, 200)]
    [InlineData(false, "203.0.113.9", null, 403)]
    [InlineData(false, "203.0.113.9", "Bearer s3cret", 200)]
    [InlineData(false, "203.0.113.9", "Bearer admin", 403)]
    [InlineData(true, "203.0.113.9", null, 403)]
    [InlineData(true, "127.0.0.1", null, 200)]
    public async Task OnlyThisMachineOrTheAdminPasswordMayLook(bool proxyMode, string? forwardedFor, string? authorization, int expected)
    {
        string[] args = proxyMode ? ["--proxy-mode"] : [];
        var config = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-status-").FullName, "server.conf");
        await File.WriteAllTextAsync(config, "[options]\nadmin_passwd = s3cret\n");
        var (server, port) = await Servers.StartThreadedAsync(["-c", config, .. args]);
        await using var _ = server;

        foreach (var path in new[] { "/web/server/status", "/web/server/dashboard", "/metrics" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
            if (forwardedFor is not null)
            {
                // As the documented proxies send it (proxy_mode trusts only requests that carry X-Forwarded-Host).
                request.Headers.Add("X-Forwarded-For", forwardedFor);
                request.Headers.Add("X-Forwarded-Host", "erp.example.com");
            }
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            using var response = await Servers.Http.SendAsync(request);
            Assert.Equal(expected, (int)response.StatusCode);
        }
    }

    [Fact]
    public async Task TheStatusListsEveryProcessWithItsRole()
    {
        var (server, port) = await Servers.StartPreforkWithLiveCronAsync(3, 2);
        await using var _ = server;
        await server.WaitForLogAsync(@"Worker WorkerLongPolling \(\d+\) alive");

        using var status = await StatusClient.StatusAsync(port);

        var root = status.RootElement;
        Assert.Equal("prefork", root.GetProperty("mode").GetString());
        Assert.Equal(server.Pid, root.GetProperty("server_pid").GetInt32());
        var processes = root.GetProperty("processes").EnumerateArray().ToArray();
        var http = processes.Where(p => p.GetProperty("role").GetString() == "http").Select(p => p.GetProperty("pid").GetInt32()).Order();
        Assert.Equal(server.HttpWorkerPids().Order(), http);
        var longPolling = Assert.Single(processes, p => p.GetProperty("role").GetString() == "longpolling");
        Assert.Equal(server.LongPollingWorkerPid(), longPolling.GetProperty("pid").GetInt32());
        var cron = processes.Where(p => p.GetProperty("role").GetString() == "cron").Select(p => p.GetProperty("pid").GetInt32()).Order();
        Assert.Equal(server.CronWorkerPids().Order(), cron);
        Assert.Equal(2, cron.Count());
        Assert.Equal(6, processes.Length);
        // The worker answering this request shows itself busy with it.
        var answering = Assert.Single(processes, p => p.GetProperty("state").GetString() == "busy");
        Assert.Equal("/web/server/status", answering.GetProperty("current").GetProperty("path").GetString());
    }

    [Fact]
    public async Task TheThreadedServerShowsItsOneProcessAndCountsItsRequests()
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench");
        await using var _ = server;

        await SendAsync(port, 7);

        Assert.Equal(7, await StatusClient.WaitForAsync(port, BenchOk, v => v >= 7));
        using var status = await StatusClient.StatusAsync(port);
        Assert.Equal("threaded", status.RootElement.GetProperty("mode").GetString());
        var process = Assert.Single(status.RootElement.GetProperty("processes").EnumerateArray());
        Assert.Equal(("threaded", server.Pid), (process.GetProperty("role").GetString(), process.GetProperty("pid").GetInt32()));
        // Kestrel's socket, read from /proc/net/tcp by port.
        Assert.Equal(Prefork.ListenBacklogTests.Automatic, status.RootElement.GetProperty("http_listen_queue").GetProperty("backlog").GetInt32());
    }

    [Fact]
    public async Task MiniOdooStatusPrintsTheWorkerTableThroughThePidfile()
    {
        var pidFile = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-status-").FullName, "server.pid");
        var (server, _) = await Servers.StartPreforkAsync(2, "--pidfile", pidFile);
        await using var __ = server;
        await server.WaitForLogAsync(@"Worker WorkerLongPolling \(\d+\) alive");

        var (exitCode, output) = await RunStatusAsync("--pidfile", pidFile);

        Assert.True(exitCode == 0, output);
        var lines = output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("pid ", StringComparison.Ordinal) && l.Contains("activity", StringComparison.Ordinal));
        foreach (var pid in server.HttpWorkerPids())
        {
            Assert.Contains(lines, l => l.StartsWith(pid.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal) && l.Contains(" http ", StringComparison.Ordinal));
        }
        Assert.Contains(lines, l => l.StartsWith(server.LongPollingWorkerPid()!.Value.ToString(CultureInfo.InvariantCulture) + " ", StringComparison.Ordinal) &&
                                     l.Contains(" longpolling ", StringComparison.Ordinal));
        Assert.StartsWith($"prefork server {server.Pid}: 3 process(es)", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MiniOdooStatusWithoutARunningServerSaysSo()
    {
        var pidFile = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-status-").FullName, "none.pid");

        var (exitCode, output) = await RunStatusAsync("--pidfile", pidFile);

        Assert.Equal(1, exitCode);
        Assert.Contains("is the server running?", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigusr1WritesTheWorkerTableToTheLog()
    {
        var (server, _) = await Servers.StartPreforkAsync(2);
        await using var __ = server;

        server.Signal(Signals.Usr1);

        await server.WaitForLogAsync(@"odoo\.service\.server: pid +role +gen +state +served");
        foreach (var pid in server.HttpWorkerPids())
        {
            await server.WaitForLogAsync($@"odoo\.service\.server: {pid} +http +1 +(idle|busy)");
        }
        Assert.False(server.HasExited);
    }

    [Fact]
    public async Task Sigusr1ToAThreadedServerLogsItsOneProcess()
    {
        var (server, _) = await Servers.StartThreadedAsync();
        await using var __ = server;

        server.Signal(Signals.Usr1);

        await server.WaitForLogAsync($@"threaded server {server.Pid}: 1 process\(es\)");
        await server.WaitForLogAsync($@"odoo\.service\.server: {server.Pid} +threaded +0 ");
        Assert.False(server.HasExited);
    }

    private static async Task<int> IdleHttpWorkerAsync(int port) =>
        (await Wait.ForAsync(async () =>
        {
            using var status = await StatusClient.StatusAsync(port);
            var http = status.RootElement.GetProperty("processes").EnumerateArray()
                .Where(p => p.GetProperty("role").GetString() == "http")
                .ToArray();
            // Wait out any recycle: every HTTP worker idle or answering this very request.
            return http.All(p => p.GetProperty("state").GetString() is "idle" or "busy")
                ? http.Where(p => p.GetProperty("state").GetString() == "idle").Select(p => (int?)p.GetProperty("pid").GetInt32()).FirstOrDefault()
                : null;
        }, pid => pid is not null, "an idle HTTP worker, every HTTP worker settled", every: Wait.HttpPoll))!.Value;

    /// <summary>Sends <paramref name="count"/> requests to the bench module, one connection each as a worker serves them.</summary>
    private static async Task SendAsync(int port, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/io?ms=1");
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Requests of the scrapes themselves (module web) and anything else not sent to the bench module.</summary>
    private static double RequestsOtherThanBench(string metrics) =>
        metrics.Split('\n')
            .Where(l => l.StartsWith("mini_odoo_http_requests_total{", StringComparison.Ordinal) && !l.Contains("module=\"bench\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    internal static async Task<(int ExitCode, string Output)> RunStatusAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Binary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("status");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HOME"] = Path.GetTempPath();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
