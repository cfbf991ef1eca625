using System.Diagnostics;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Samples;

/// <summary>
/// The k6 scripts cannot run here (k6 is not installed on these machines), so they are checked as far as possible:
/// each parses as an ES module (node --check), and each speaks the protocol it claims to.
/// </summary>
public sealed class K6ScriptsTests
{
    [Theory]
    [InlineData("http-mix.js")]
    [InlineData("longpolling.js")]
    [InlineData("websocket.js")]
    public async Task TheScriptIsAValidModule(string script)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--check");
        start.ArgumentList.Add("--input-type=module");
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(await File.ReadAllTextAsync(Path.Combine(Folder(), script)));
        node.StandardInput.Close();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        Assert.True(node.ExitCode == 0, $"{script} does not parse: {errors}");
    }

    [Fact]
    public async Task LongPollingPostsOdoosJsonRpcCallWithChannelsAndLast()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Folder(), "longpolling.js"));

        Assert.Contains("/longpolling/poll", text);
        Assert.Contains("jsonrpc: '2.0', method: 'call', params: { channels: CHANNELS, last: last }", text);
    }

    [Fact]
    public async Task WebsocketSubscribesWithOdoosFrame()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Folder(), "websocket.js"));

        Assert.Contains("/websocket", text);
        Assert.Contains("{ event_name: 'subscribe', data: { channels: CHANNELS, last: last } }", text);
    }

    private static string Folder() => Repository.PathOf("samples", "k6");
}
