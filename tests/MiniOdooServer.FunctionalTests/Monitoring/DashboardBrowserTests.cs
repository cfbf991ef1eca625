using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Monitoring;

/// <summary>The dashboard in headless Chromium: it refreshes itself and shows a killed worker being replaced.</summary>
public sealed class DashboardBrowserTests
{
    private const string Rows = "[...document.querySelectorAll('#workers tr')].map(r => r.dataset.role + ':' + r.dataset.pid).join(' ')";

    [Fact]
    public async Task AWorkerKilledWithSigkillIsShownReplaced()
    {
        var (server, port) = await Servers.StartPreforkAsync(2);
        await using var _ = server;
        await server.WaitForLogAsync(@"Worker WorkerLongPolling \(\d+\) alive");
        var workers = server.HttpWorkerPids();
        await using var chromium = await Chromium.StartAsync();
        await using var page = await chromium.OpenAsync($"http://127.0.0.1:{port}/web/server/dashboard");
        await page.WaitForAsync(string.Join(" && ", workers.Select(pid => $"!!document.querySelector('#workers tr[data-role=\"http\"][data-pid=\"{pid}\"]')")), null, Rows);

        var victim = workers[0];
        Signals.Send(victim, Signals.Kill);

        await page.WaitForAsync($"!document.querySelector('#workers tr[data-pid=\"{victim}\"]')", null, Rows);
        await page.WaitForAsync(
            $"document.querySelectorAll('#workers tr[data-role=\"http\"]').length === 2 && " +
            $"[...document.querySelectorAll('#workers tr[data-role=\"http\"]')].some(r => ![{string.Join(",", workers)}].includes(Number(r.dataset.pid)))",
            null, Rows);
        await page.WaitForAsync($"!!document.querySelector('#events li[data-type=\"died\"][data-pid=\"{victim}\"]')", null, "document.getElementById('events').innerText");
        await page.WaitForAsync("!!document.querySelector('#events li[data-type=\"respawn\"]')", null, "document.getElementById('events').innerText");
        // The slot's new occupant names the worker it replaced.
        await page.WaitForAsync($"document.getElementById('workers').innerText.includes('{victim}: died (status 137)')", null, "document.getElementById('workers').innerText");
        Assert.Equal("", (await page.EvaluateAsync("document.getElementById('error').textContent")).GetString());
    }
}
