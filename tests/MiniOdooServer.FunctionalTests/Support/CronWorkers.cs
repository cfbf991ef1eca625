using System.Text.RegularExpressions;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>What the cron tests wait for and check on a server process: its cron workers, and a cron-only node.</summary>
internal static class CronWorkers
{
    /// <summary>
    /// Waits until cron workers said they are alive <paramref name="times"/> times in all: the first ones, or a
    /// replacement after a kill or a recycle.
    /// </summary>
    public static Task<Match> WaitForCronWorkersAliveAsync(this ServerProcess server, int times = 1) =>
        server.WaitForLogAsync(@"Worker WorkerCron \(\d+\) alive", occurrences: times);

    /// <summary>A <c>--no-http</c> node: nothing listens on <paramref name="ports"/>, and SIGTERM stops it with status 0.</summary>
    public static async Task AssertBindsNothingAndStopsOnSigtermAsync(this ServerProcess server, params int[] ports)
    {
        foreach (var port in ports)
        {
            Assert.True(await Connections.IsRefusedAsync(port), $"something listens on port {port}");
        }
        server.Signal(Signals.Term);
        Assert.Equal(0, await server.WaitForExitAsync());
    }
}
