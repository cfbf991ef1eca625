namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// Knowing that a request has really reached the server's handler, not just left the client: SIGQUIT makes
/// mini-odoo log every in-flight request, so a test asks until the path shows up. Without this, a signal sent
/// "a little after" the request races with it on a busy machine.
/// </summary>
internal static class InFlight
{
    public static Task WaitForAsync(ServerProcess server, string path, TimeSpan? within = null)
    {
        var pattern = $@"in flight: GET {System.Text.RegularExpressions.Regex.Escape(path)} running for";
        var asked = 0;
        return Wait.UntilAsync(async () =>
        {
            server.Signal(Signals.Quit);
            asked++;
            try
            {
                await server.WaitForLogAsync(@"\d+ request\(s\) in flight", TimeSpan.FromSeconds(5), occurrences: asked);
                await server.WaitForLogAsync(pattern, TimeSpan.FromMilliseconds(300));
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }, $"GET {path} in SIGQUIT's dump", within ?? TimeSpan.FromSeconds(15));
    }
}
