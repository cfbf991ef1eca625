using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Security;

/// <summary>
/// Routes guarded by admin_passwd with the real binary (issue 13, point 4): the default password is refused from
/// clients outside local_networks, an empty one refuses everyone, the Bearer header is read exactly, and a client that
/// keeps guessing is answered 429. "Another machine" is a client bound to 127.0.0.2 with local_networks set without it.
/// </summary>
public sealed class AdminGuardTests
{
    private const string PublishBody = """{"channel": "chat.public", "type": "t", "payload": {}}""";

    [Fact]
    public async Task TheDefaultConfigurationRefusesBearerAdminFromAnotherMachine()
    {
        var (server, port) = await Servers.StartThreadedAsync("--local-networks", RemoteClient.LocalNetworksWithout127002);
        await using var _ = server;

        using var remote = await RemoteClient.Http.SendAsync(Publish(port, "Bearer admin"));
        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);
        Assert.Contains("local_networks", await remote.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var path in new[] { "/web/server/status", "/metrics" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "admin");
            using var status = await RemoteClient.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        }

        using var trigger = await RemoteClient.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/cron/trigger/x")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "admin") },
        });
        Assert.Equal(HttpStatusCode.Forbidden, trigger.StatusCode);

        // The same password from this machine still publishes, as before.
        using var local = await Servers.Http.SendAsync(Publish(port, "Bearer admin"));
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        using var localStatus = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/server/status");
        Assert.Equal(HttpStatusCode.OK, localStatus.StatusCode);
    }

    [Fact]
    public async Task ASecretPasswordIsAcceptedFromAnotherMachine()
    {
        var (server, port) = await StartWithPasswordAsync("s3cret", "--local-networks", RemoteClient.LocalNetworksWithout127002);
        await using var _ = server;

        using var remote = await RemoteClient.Http.SendAsync(Publish(port, "Bearer s3cret"));

        Assert.Equal(HttpStatusCode.OK, remote.StatusCode);
    }

    [Theory]
    [InlineData("bearer   admin  ")]
    [InlineData("Bearer  admin")]
    [InlineData("Bearer admin\u000b")]
    public async Task TheBearerHeaderIsReadExactly(string authorization)
    {
        var (server, port) = await Servers.StartThreadedAsync();
        await using var _ = server;

        Assert.Equal(403, await RemoteClient.SendRawAsync(port, RawPublish(port, authorization)));
        Assert.Equal(200, await RemoteClient.SendRawAsync(port, RawPublish(port, "Bearer admin")));
    }

    [Fact]
    public async Task AnEmptyAdminPasswordRefusesEveryRequest()
    {
        var (server, port) = await StartWithPasswordAsync("");
        await using var _ = server;

        // Kestrel trims spaces and tabs around a header value, not \v: the old reading trimmed it to the empty password.
        Assert.Equal(403, await RemoteClient.SendRawAsync(port, RawPublish(port, "Bearer \u000b")));
        Assert.Equal(403, await RemoteClient.SendRawAsync(port, RawPublish(port, "Bearer ")));
        using var trigger = await Servers.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/cron/trigger/x")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "admin") },
        });
        Assert.Equal(HttpStatusCode.Forbidden, trigger.StatusCode);
    }

    [Fact]
    public async Task AThousandWrongGuessesInABurstAreAllButTheFirstFewAnswered429()
    {
        var (server, port) = await StartWithPasswordAsync("s3cret");
        await using var _ = server;

        var statuses = new List<HttpStatusCode>();
        var retryAfter = new List<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var response = await Servers.Http.SendAsync(Publish(port, $"Bearer guess{i}"), ct);
            lock (statuses)
            {
                statuses.Add(response.StatusCode);
                if (response.Headers.RetryAfter?.Delta is { } delta)
                {
                    retryAfter.Add(delta.TotalSeconds.ToString());
                }
            }
        });

        var forbidden = statuses.Count(s => s == HttpStatusCode.Forbidden);
        var throttled = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
        Assert.Equal(1000, forbidden + throttled);
        Assert.InRange(forbidden, 5, 10); // the burst, and at most a refill or so during the run
        Assert.Equal(throttled, retryAfter.Count);
        // The right password is refused too while the client is held back: guessing is what is slowed.
        using var right = await Servers.Http.SendAsync(Publish(port, "Bearer s3cret"));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        // Logged once per minute per kind, not once per guess.
        await server.WaitForLogAsync(@"WARNING \? odoo\.service\.security: Too many refused admin credentials from 127\.0\.0\.1");
        Assert.Single(server.Output.Split('\n'), line => line.Contains("Refused admin access", StringComparison.Ordinal));
        Assert.Single(server.Output.Split('\n'), line => line.Contains("Too many refused admin credentials", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListeningBeyondLoopbackWithTheDefaultPasswordIsWarnedOnceAtStart()
    {
        // Bound to every interface, but the test only connects to 127.0.0.1.
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["--http-interface", "0.0.0.0", "-p", port.ToString()]);
        await server.WaitForLogAsync(@"HTTP service \(kestrel\) running on");

        var warning = await server.WaitForLogAsync(@"WARNING \? odoo: The server listens on every interface and admin_passwd is the default 'admin'.*");
        Assert.Contains("local_networks (127.0.0.0/8,::1/128)", warning.Value, StringComparison.Ordinal);
        Assert.Single(server.Output.Split('\n'), line => line.Contains("admin_passwd is the default", StringComparison.Ordinal));
    }

    private static async Task<(ServerProcess Server, int Port)> StartWithPasswordAsync(string password, params string[] args)
    {
        var config = Path.Combine(Directory.CreateTempSubdirectory("mini-odoo-guard-").FullName, "server.conf");
        await File.WriteAllTextAsync(config, $"[options]\nadmin_passwd = {password}\n");
        return await Servers.StartThreadedAsync(["-c", config, .. args]);
    }

    private static HttpRequestMessage Publish(int port, string authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/bus/send")
        {
            Content = new StringContent(PublishBody, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return request;
    }

    private static string RawPublish(int port, string authorization) =>
        $"POST /bus/send HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: {authorization}\r\nContent-Type: application/json\r\n" +
        $"Content-Length: {Encoding.UTF8.GetByteCount(PublishBody)}\r\nConnection: close\r\n\r\n{PublishBody}";
}
