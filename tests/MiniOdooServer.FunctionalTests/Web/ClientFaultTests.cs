using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Web;

/// <summary>
/// A client's mistake is answered with its own status in Odoo's error shape, logged as one WARNING without a stack
/// trace, and at most once a minute per kind — in a prefork worker and in the threaded server alike.
/// </summary>
public sealed class ClientFaultTests
{
    public static TheoryData<string> Modes => ["threaded", "prefork"];

    public static TheoryData<string, string> BrokenChunks => new()
    {
        { "threaded", "ZZ" },
        { "prefork", "ZZ" },
        // Kestrel reports this one as an IOException with an overflow inside, not as a bad request.
        { "threaded", "ffffffffffffffffffff" },
        { "prefork", "ffffffffffffffffffff" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ABodyOverTheLimitIsRefusedWith413AndOneWarning(string mode)
    {
        var (server, port) = await StartAsync(mode);
        await using var _ = server;

        for (var i = 0; i < 5; i++)
        {
            var answer = await SendAsync(port,
                "POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{\"jsonrpc\"");
            AssertOdooError(answer, 413);
        }

        await server.WaitForLogAsync(@"WARNING .*Client fault, answered 413");
        await AssertOneWarningAndNoStackTraceAsync(server, port, 413);
    }

    [Theory]
    [MemberData(nameof(BrokenChunks))]
    public async Task BrokenChunkedEncodingIsRefusedWith400(string mode, string chunkSize)
    {
        var (server, port) = await StartAsync(mode);
        await using var _ = server;

        var answer = await SendAsync(port,
            $"POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{chunkSize}\r\nnot a chunk\r\n");

        AssertOdooError(answer, 400);
        await AssertOneWarningAndNoStackTraceAsync(server, port, 400);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ABodyThatStopsComingIsAnsweredWith408(string mode)
    {
        var (server, port) = await StartAsync(mode);
        await using var _ = server;

        var answer = await SendAsync(port,
            "POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"jsonrpc\": ");

        AssertOdooError(answer, 408);
        await AssertOneWarningAndNoStackTraceAsync(server, port, 408);
    }

    private static async Task<(ServerProcess, int)> StartAsync(string mode) =>
        mode == "prefork" ? await Servers.StartPreforkAsync(1) : await Servers.StartThreadedAsync();

    /// <summary>Sends raw bytes, then reads until the server closes (or the default timeout).</summary>
    private static async Task<string> SendAsync(int port, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        using var timeout = new CancellationTokenSource(Wait.DefaultTimeout);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // A reset after the answer: what arrived is the answer.
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static void AssertOdooError(string answer, int status)
    {
        Assert.StartsWith($"HTTP/1.1 {status}", answer, StringComparison.Ordinal);
        var body = answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        using var json = JsonDocument.Parse(body);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(status, error.GetProperty("code").GetInt32());
        Assert.StartsWith("werkzeug.exceptions.", error.GetProperty("data").GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    private static async Task AssertOneWarningAndNoStackTraceAsync(ServerProcess server, int port, int status)
    {
        await server.WaitForLogAsync($@"WARNING .*Client fault, answered {status}");
        // A request after the faults: once its access line is in, every line of theirs is too.
        var after = await Connections.RawGetAsync(port, "/web/health?after", Wait.DefaultTimeout);
        Assert.StartsWith("HTTP/1.1 200", after, StringComparison.Ordinal);
        await server.WaitForLogAsync(@"GET /web/health\?after");
        Assert.Single(Regex.Matches(server.Output, $"Client fault, answered {status}"));
        Assert.DoesNotMatch(new Regex(@"^\s+at ", RegexOptions.Multiline), server.Output);
        Assert.DoesNotMatch(new Regex(@" (ERROR|CRITICAL) "), server.Output);
    }
}
