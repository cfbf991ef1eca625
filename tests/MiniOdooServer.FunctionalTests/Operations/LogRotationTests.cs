using System.Diagnostics;
using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Operations;

/// <summary>Debian's real logrotate, with the repository's sample configuration, against a running prefork server.</summary>
public sealed class LogRotationTests
{
    private const int Requests = 200;

    [Fact]
    public async Task LogrotateMovesTheLogAwayAndNoLineIsLostOrWrittenTwice()
    {
        var folder = Directory.CreateTempSubdirectory("mini-odoo-logrotate-").FullName;
        var logfile = Path.Combine(folder, "mini-odoo.log");
        var sample = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "samples", "logrotate", "mini-odoo"));
        var configuration = Path.Combine(folder, "logrotate.conf");
        await File.WriteAllTextAsync(configuration, sample.Replace("/var/log/mini-odoo/mini-odoo.log", logfile));
        var port = Ports.Free();
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", port.ToString(), "--gevent-port", Ports.Free().ToString(),
             "--workers", "2", "--max-cron-threads", "0", "--logfile", logfile]);
        await Wait.UntilAsync(
            () => File.Exists(logfile) && Regex.Matches(File.ReadAllText(logfile), @"Worker WorkerHTTP \(\d+\) alive").Count == 2,
            "two HTTP workers alive in the log file");

        for (var i = 1; i <= Requests; i++)
        {
            if (i == Requests / 2)
            {
                await RunAsync(File.Exists("/usr/sbin/logrotate") ? "/usr/sbin/logrotate" : "logrotate", "--force", "--state", Path.Combine(folder, "logrotate.state"), configuration);
                Assert.True(File.Exists(logfile + ".1"), "logrotate did not move the log away");
            }
            using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/health?seq={i}");
        }
        server.Signal(Signals.Term);
        Assert.Equal(0, await server.WaitForExitAsync());

        var rotated = Sequences(await File.ReadAllTextAsync(logfile + ".1"));
        var current = Sequences(await File.ReadAllTextAsync(logfile));
        Assert.Equal(Enumerable.Range(1, Requests), rotated.Concat(current).Order());
        Assert.Contains(1, rotated);
        Assert.Contains(Requests, current);
    }

    private static List<int> Sequences(string log) =>
        Regex.Matches(log, @"werkzeug: .*""GET /web/health\?seq=(\d+) HTTP/1\.1"" 200").Select(m => int.Parse(m.Groups[1].Value)).ToList();

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await errors}");
    }
}
