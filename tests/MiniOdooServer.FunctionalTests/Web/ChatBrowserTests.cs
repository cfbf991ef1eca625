using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Web;

/// <summary>
/// The live chat page in headless Chromium: two tabs on the HTTP port, one posts, the other shows it — in prefork
/// (through the hand-over to the longpolling worker) and in threaded mode.
/// </summary>
public sealed class ChatBrowserTests
{
    private const string Connected = "document.getElementById('state').dataset.state === 'connected'";

    [Fact]
    public async Task TwoTabsChatOnTheHttpPortOfAPreforkServer()
    {
        var (server, port, _) = await Servers.StartPreforkWithBusAsync(2);
        await using var __ = server;
        try
        {
            await AssertTwoTabsChatAsync(port);
        }
        catch (TimeoutException e)
        {
            // The server's own account of the hand-over is what tells a hung upgrade from a slow browser.
            throw new TimeoutException($"{e.Message}\n--- server log ---\n{server.Output[Math.Max(0, server.Output.Length - 6000)..]}", e);
        }
    }

    [Fact]
    public async Task TwoTabsChatOnAThreadedServer()
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var __ = server;
        await AssertTwoTabsChatAsync(port);
    }

    [Fact]
    public async Task ATabReconnectsAfterTheLongpollingWorkerDiesAndGetsWhatItMissed()
    {
        var (server, port, _) = await Servers.StartPreforkWithBusAsync(2);
        await using var __ = server;
        await using var chromium = await Chromium.StartAsync();
        await using var tab = await chromium.OpenAsync($"http://127.0.0.1:{port}/web/chat");
        await tab.WaitForAsync(Connected);

        Signals.Send(server.LongPollingWorkerPid()!.Value, Signals.Kill);
        await tab.WaitForAsync("document.getElementById('state').dataset.state === 'reconnecting'");
        // Posted while the tab has no websocket: it must come with the resent last.
        using var posted = await Servers.Http.PostAsync($"http://127.0.0.1:{port}/web/chat/post",
            new StringContent("""{"author": "bot", "text": "sent while you were away"}"""));
        posted.EnsureSuccessStatusCode();

        await tab.WaitForAsync(Connected, TimeSpan.FromSeconds(30), "document.getElementById('state').textContent");
        await tab.WaitForAsync(
            "[...document.querySelectorAll('#messages .text')].some(e => e.textContent === 'sent while you were away')");
    }

    private static async Task AssertTwoTabsChatAsync(int port)
    {
        await using var chromium = await Chromium.StartAsync();
        await using var first = await chromium.OpenAsync($"http://127.0.0.1:{port}/web/chat");
        await using var second = await chromium.OpenAsync($"http://127.0.0.1:{port}/web/chat");
        await first.WaitForAsync(Connected);
        await second.WaitForAsync(Connected);
        // Markup in the text must come out as text, not as an element.
        const string text = "<img src=x onerror=\"document.title='pwned'\"> hello from tab 1";

        await first.EvaluateAsync($$"""
            document.getElementById('author').value = 'Ann';
            document.getElementById('text').value = {{System.Text.Json.JsonSerializer.Serialize(text, ChatJson.Default.String)}};
            document.getElementById('form').requestSubmit();
            """);

        const string shown = "[...document.querySelectorAll('#messages .text')].map(e => e.textContent)";
        await second.WaitForAsync($"{shown}.includes({System.Text.Json.JsonSerializer.Serialize(text, ChatJson.Default.String)})", null, shown + ".join('|')");
        await first.WaitForAsync($"{shown}.length === 1", null, shown + ".join('|')");
        Assert.Equal(0, (await second.EvaluateAsync("document.querySelectorAll('#messages img').length")).GetInt32());
        Assert.NotEqual("pwned", (await second.EvaluateAsync("document.title")).GetString());
        Assert.Equal("Ann: ", (await second.EvaluateAsync("document.querySelector('#messages strong').textContent")).GetString());
        Assert.Equal("", (await first.EvaluateAsync("document.getElementById('text').value")).GetString());
    }
}
