using MiniOdooServer.Experiments;
using MiniOdooServer.Experiments.Matrix;

namespace MiniOdooServer.Tests.Experiments;

/// <summary>
/// The runner against fake servers (started by it as it starts mini-odoo, with the same command line): one that
/// answers every request at once naming itself as mini-odoo does, one that answers 404. Neither can have served
/// 10 ms of CPU per request: the runner must reject their runs, not report a rate. Needs wrk and python3.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ImpossiblePointTests
{
    private const string FakeServer =
        """
        #!/usr/bin/env python3
        # A fake mini-odoo for the experiment runner's tests: listens on -p PORT and answers at once.
        import json, os, sys
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        STATUS = int(os.path.basename(sys.argv[0]).split('-')[-1].split('.')[0])
        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'
            def do_GET(self):
                healthy = self.path == '/web/health'
                body = json.dumps({'status': 'pass'} if healthy else {'pid': os.getpid(), 'role': 'threaded'}, separators=(',', ':')).encode()
                self.send_response(200 if healthy else STATUS)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        port = int(sys.argv[sys.argv.index('-p') + 1])
        ThreadingHTTPServer(('127.0.0.1', port), Handler).serve_forever()
        """;

    [Theory]
    [InlineData(200, "more than")]
    [InlineData(404, "no answer named the server under test")]
    public async Task AFakeServerThatCannotHaveDoneTheWorkIsRejectedNotReported(int status, string reason)
    {
        var directory = Directory.CreateTempSubdirectory("impossible-point-").FullName;
        try
        {
            var fake = Path.Combine(directory, $"fake-mini-odoo-{status}.py");
            await File.WriteAllTextAsync(fake, FakeServer.Replace("\r", "", StringComparison.Ordinal));
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var matrix = new ExperimentMatrix([new ServerConfiguration(0, false)], [Workload.Cpu], [2], Repeats: 1, Duration: TimeSpan.FromSeconds(1));
            var output = Path.Combine(directory, "out");
            var options = new RunnerOptions("test", matrix, output, fake, "wrk");

            var verdicts = await new ExperimentRunner(options, fake, output, TextWriter.Null).RunAsync();

            var csv = await File.ReadAllLinesAsync(Path.Combine(output, "results.csv"));
            var run = Assert.Single(csv.Skip(1));
            Assert.Contains(reason, run);
            var report = await File.ReadAllTextAsync(Path.Combine(output, "results.md"));
            Assert.Contains("| cpu (`/bench/cpu?ms=10`) | threaded | rejected |", report);
            Assert.Contains("Rejected runs", report);
            Assert.All(verdicts, v => Assert.False(v.Holds));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
