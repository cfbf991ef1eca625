using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Operations;

/// <summary>
/// Signals the parent left ignored still act: <c>nohup</c> ignores SIGHUP, a non-interactive shell ignores SIGINT and
/// SIGQUIT for background jobs, and Odoo (Python's signal.signal) installs its handlers over an inherited "ignore".
/// </summary>
public sealed class InheritedIgnoreTests
{
    [Fact]
    public async Task UnderNohupSighupReloadsThePreforkServer()
    {
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", Ports.Free().ToString(), "--gevent-port", Ports.Free().ToString(),
             "--workers", "1", "--max-cron-threads", "0"],
            launcher: ["nohup"]);
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive");

        server.Signal(Signals.Hup);

        await server.WaitForLogAsync("generation 2 is accepting");
    }

    [Fact]
    public async Task UnderNohupSighupReloadsTheThreadedServer()
    {
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", Ports.Free().ToString(), "--max-cron-threads", "0"], launcher: ["nohup"]);
        await server.WaitForLogAsync(@"HTTP service \(kestrel\) running on");

        server.Signal(Signals.Hup);

        await server.WaitForLogAsync("Initiating server reload");
        await server.WaitForLogAsync(@"HTTP service \(kestrel\) running on", occurrences: 2);
    }

    [Fact]
    public async Task SignalsIgnoredByTheParentStillReachTheMasterAndItsWorkers()
    {
        // sh runs "$0" "$@": the binary and the arguments ServerProcess appends after these words.
        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", Ports.Free().ToString(), "--gevent-port", Ports.Free().ToString(),
             "--workers", "1", "--max-cron-threads", "0"],
            launcher: ["sh", "-c", "trap '' HUP INT QUIT USR1 TTIN TTOU; exec \"$0\" \"$@\""]);
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive");

        server.Signal(Signals.Usr1);
        await server.WaitForLogAsync(@"odoo\.service\.server: pid +role +gen +state +served");
        server.Signal(Signals.Ttin);
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: 2);
        server.Signal(Signals.Int);

        Assert.Equal(0, await server.WaitForExitAsync());
    }
}
