using System.Net.Sockets;
using System.Text;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Operations;

/// <summary>
/// systemd without systemd: the test plays the notify socket (a datagram socket named by NOTIFY_SOCKET) and checks
/// what the master says; socket activation through Debian's systemd-socket-activate, which binds the ports and
/// executes mini-odoo with LISTEN_FDS on the first connection attempt.
/// </summary>
public sealed class SystemdTests
{
    [Fact]
    public async Task TheMasterSaysReadyReloadingReadyAndStoppingAndFeedsTheWatchdog()
    {
        using var notify = new NotifySocket();
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", Ports.Free().ToString(), "--gevent-port", Ports.Free().ToString(),
             "--workers", "2", "--max-cron-threads", "0"],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path, ["WATCHDOG_USEC"] = "1000000" });

        var ready = await notify.WaitForAsync(m => m.StartsWith("READY=1", StringComparison.Ordinal));
        // 2/2: both workers had told the master they accept (their own "alive" lines may reach the log later).
        Assert.Contains("STATUS=2/2 HTTP workers, generation 1", ready);
        await notify.WaitForAsync(m => m == "WATCHDOG=1", occurrences: 2);
        Assert.All(server.HttpWorkerPids(), pid => Assert.DoesNotContain("NOTIFY_SOCKET=", File.ReadAllText($"/proc/{pid}/environ")));

        server.Signal(Signals.Hup);
        await notify.WaitForAsync(m => System.Text.RegularExpressions.Regex.IsMatch(m, @"^RELOADING=1\nMONOTONIC_USEC=\d+$"));
        await notify.WaitForAsync(m => m.StartsWith("READY=1\nSTATUS=2/2 HTTP workers, generation 2", StringComparison.Ordinal));

        server.Signal(Signals.Term);
        await notify.WaitForAsync(m => m == "STOPPING=1");
        Assert.Equal(0, await server.WaitForExitAsync());
    }

    [Fact]
    public async Task AfterABinaryUpgradeTheNewMasterNamesItselfTheMainProcess()
    {
        using var notify = new NotifySocket();
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", Ports.Free().ToString(), "--gevent-port", Ports.Free().ToString(),
             "--workers", "1", "--max-cron-threads", "0"],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path });
        await notify.WaitForAsync(m => m.StartsWith("READY=1", StringComparison.Ordinal));

        server.Signal(Signals.Usr2);
        var started = await server.WaitForLogAsync(@"Upgrading: new master \(pid (\d+)\) started");

        await notify.WaitForAsync(m => m.StartsWith($"MAINPID={started.Groups[1].Value}\nREADY=1\nSTATUS=1/1 HTTP workers", StringComparison.Ordinal));
        await Wait.UntilAsync(() => server.HasExited, "the old master exits");
        // The old master's stop is not the service's: a STOPPING=1 from it would make systemd stop the new one.
        Assert.Equal(1, notify.Count(m => m.StartsWith("READY=1", StringComparison.Ordinal)));
        Assert.Equal(0, notify.Count(m => m == "STOPPING=1"));
    }

    [Fact]
    public async Task TheThreadedServerSaysReadyFeedsTheWatchdogAndSaysStopping()
    {
        using var notify = new NotifySocket();
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", Ports.Free().ToString(), "--max-cron-threads", "0"],
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path, ["WATCHDOG_USEC"] = "1000000" });

        await notify.WaitForAsync(m => m.StartsWith("READY=1\nSTATUS=threaded server on 127.0.0.1:", StringComparison.Ordinal));
        await notify.WaitForAsync(m => m == "WATCHDOG=1", occurrences: 2);
        server.Signal(Signals.Term);
        await notify.WaitForAsync(m => m == "STOPPING=1");
    }

    [Fact]
    public async Task SocketActivationHandsBothPortsToTheMasterAndTheFirstConnectionAttemptIsServed()
    {
        var (port, geventPort) = (Ports.Free(), Ports.Free());
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", port.ToString(), "--gevent-port", geventPort.ToString(),
             "--workers", "1", "--max-cron-threads", "0"],
            launcher: ["systemd-socket-activate", "-l", $"127.0.0.1:{port}", "-l", $"127.0.0.1:{geventPort}"]);
        await server.WaitForLogAsync($"Listening on 127.0.0.1:{geventPort}");

        // The connection that wakes the service is queued on the passed socket and served once a worker accepts.
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
        Assert.Contains($"HTTP service: adopted the listening socket 127.0.0.1:{port} it was passed", server.Output);
        await server.WaitForLogAsync($"Evented Service \\(longpolling\\): adopted the listening socket 127.0.0.1:{geventPort} it was passed");
        await server.WaitForLogAsync(@"Bus\.loop listening on");
        var id = await BusClient.SendAsync(port, "activated", "chat", "\"hello\"");
        using var answer = await BusClient.PollAsync(geventPort, """["activated"]""", id - 1);
        Assert.Single(BusClient.Notifications(answer));
    }

    [Fact]
    public async Task TheSampleUnitsAreValidForSystemd()
    {
        var folder = Directory.CreateTempSubdirectory("mini-odoo-units-").FullName;
        var samples = Repository.PathOf("samples", "systemd");
        File.WriteAllText(Path.Combine(folder, "mini-odoo.service"),
            File.ReadAllText(Path.Combine(samples, "mini-odoo.service")).Replace("/usr/local/bin/mini-odoo", Binary.Path));
        File.Copy(Path.Combine(samples, "mini-odoo.socket"), Path.Combine(folder, "mini-odoo.socket"));

        var start = new System.Diagnostics.ProcessStartInfo("systemd-analyze", ["verify", "./mini-odoo.service", "./mini-odoo.socket"])
        {
            WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var verify = System.Diagnostics.Process.Start(start)!;
        var complaints = verify.StandardError.ReadToEndAsync();
        await verify.StandardOutput.ReadToEndAsync();
        await verify.WaitForExitAsync();

        Assert.Equal("", await complaints);
        Assert.Equal(0, verify.ExitCode);
    }

    /// <summary>The service manager's end of sd_notify: every datagram received, in order.</summary>
    private sealed class NotifySocket : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        private readonly List<string> _messages = [];
        private readonly Task _receiving;

        public NotifySocket()
        {
            Path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-notify-").FullName, "notify");
            _socket.Bind(new UnixDomainSocketEndPoint(Path));
            _receiving = Task.Run(ReceiveAsync);
        }

        public string Path { get; }

        public async Task<string> WaitForAsync(Func<string, bool> match, int occurrences = 1)
        {
            string? found = null;
            await Wait.UntilAsync(() =>
            {
                lock (_messages)
                {
                    var matching = _messages.Where(match).ToList();
                    found = matching.Count >= occurrences ? matching[occurrences - 1] : null;
                }
                return found is not null;
            }, $"a notification #{occurrences} matching the test; received: {string.Join(" | ", Snapshot())}");
            return found!;
        }

        public int Count(Func<string, bool> match) => Snapshot().Count(match);

        public void Dispose()
        {
            _socket.Dispose();
            _ = _receiving;
        }

        private string[] Snapshot()
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }

        private async Task ReceiveAsync()
        {
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var length = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                    lock (_messages)
                    {
                        _messages.Add(Encoding.UTF8.GetString(buffer, 0, length));
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Disposed at the end of the test.
            }
        }
    }
}
