using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>--logfile: several processes append to one file, and every line stays a whole Odoo-format line.</summary>
public sealed class LogFileTests
{
    private static readonly Regex OdooLine = new(
        @"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?<pid>\d+) (DEBUG|INFO|WARNING|ERROR|CRITICAL) \? [\w.]+: .*$");

    [Fact]
    public async Task TwoProcessesAppendWholeLinesToOneFile()
    {
        var directory = Directory.CreateTempSubdirectory("mini-odoo-test-").FullName;
        var logfile = Path.Combine(directory, "log", "odoo.log");
        var ports = new[] { Ports.Free(), Ports.Free() };
        var servers = ports.Select(port => ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", port.ToString(), "--logfile", logfile])).ToArray();
        try
        {
            await Task.WhenAll(ports.Select(port => Connections.WaitUntilServingAsync(port)));

            // Both processes log at once: 4 concurrent clients each, 100 requests per process.
            await Task.WhenAll(ports.SelectMany(port => Enumerable.Range(0, 4).Select(async _ =>
            {
                for (var i = 0; i < 25; i++)
                {
                    (await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/health?client-padding={new string('x', 200)}")).Dispose();
                }
            })));
            foreach (var server in servers)
            {
                server.Signal(Signals.Term);
            }
            foreach (var server in servers)
            {
                Assert.Equal(0, await server.WaitForExitAsync());
            }

            var lines = (await File.ReadAllTextAsync(logfile)).Split('\n');
            Assert.Equal("", lines[^1]); // the file ends with a whole line
            var pids = new HashSet<string>();
            foreach (var line in lines[..^1])
            {
                var match = OdooLine.Match(line);
                Assert.True(match.Success, $"not a whole Odoo log line: {line}");
                pids.Add(match.Groups["pid"].Value);
            }
            Assert.Equal(servers.Select(s => s.Pid.ToString()).Order(), pids.Order());
            foreach (var server in servers)
            {
                Assert.Equal(100, lines.Count(l => l.Contains($" {server.Pid} INFO ? werkzeug: ") && l.Contains("GET /web/health?client-padding=")));
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
            Directory.Delete(directory, recursive: true);
        }
    }
}
