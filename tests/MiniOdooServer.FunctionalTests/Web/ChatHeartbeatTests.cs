using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Web;

/// <summary>The shipped server.conf's heartbeat cron job, seen where its users see it: the live chat page.</summary>
public sealed class ChatHeartbeatTests
{
    [Fact]
    public async Task TheServerConfHeartbeatShowsOnTheChatPageWithTheProcessThatRanIt()
    {
        var (server, port) = await Servers.StartThreadedAsync("-c", Repository.PathOf("server.conf"));
        await using var _ = server;
        await using var chromium = await Chromium.StartAsync();
        await using var tab = await chromium.OpenAsync($"http://127.0.0.1:{port}/web/chat");

        await tab.WaitForAsync("document.getElementById('heartbeat').dataset.state === 'seen'");

        var line = (await tab.EvaluateAsync("document.getElementById('heartbeat').textContent")).GetString();
        Assert.StartsWith($"Server heartbeat: job heartbeat ran in threaded process {server.Pid} at ", line);
        // A heartbeat is a status line, never a chat message.
        Assert.Equal(0, (await tab.EvaluateAsync("document.querySelectorAll('#messages li').length")).GetInt32());
    }
}
