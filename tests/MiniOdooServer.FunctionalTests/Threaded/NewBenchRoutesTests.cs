using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>The experiment workloads over HTTP: mixed, json and echo answer, name the process and refuse bad input clearly.</summary>
public sealed class NewBenchRoutesTests(ThreadedServerFixture fixture) : IClassFixture<ThreadedServerFixture>
{
    private string Url(string path) => $"http://127.0.0.1:{fixture.Port}{path}";

    [Fact]
    public async Task MixedComputesThenWaitsAndNamesTheProcess()
    {
        using var response = await Servers.Http.GetAsync(Url("/bench/mixed?units=5&ms=40"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNamesTheServer(root);
        Assert.Equal(5, root.GetProperty("units").GetInt32());
        Assert.Equal(40, root.GetProperty("ms").GetInt32());
        Assert.True(root.GetProperty("elapsed_ms").GetDouble() >= 40);
        Assert.True(root.GetProperty("compute_elapsed_ms").GetDouble() < root.GetProperty("elapsed_ms").GetDouble());
        Assert.True(root.GetProperty("thread_cpu_ms").GetDouble() >= 5);
    }

    [Fact]
    public async Task JsonAnswersAPayloadOfTheSizeAsked()
    {
        using var response = await Servers.Http.GetAsync(Url("/bench/json?kb=64"));
        var body = await response.Content.ReadAsByteArrayAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNamesTheServer(root);
        Assert.InRange(root.GetProperty("payload_bytes").GetInt32(), 64 * 1024, 65 * 1024);
        Assert.InRange(body.Length, 64 * 1024, 66 * 1024);
        Assert.Equal(root.GetProperty("records").GetInt32(), root.GetProperty("payload").GetArrayLength());
        Assert.Equal("Partner 1000000", root.GetProperty("payload")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task EchoReturnsThePostedBodyAndNamesTheProcessInHeaders()
    {
        var sent = new byte[100_000];
        new Random(5).NextBytes(sent);
        using var content = new ByteArrayContent(sent);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-test");

        using var response = await Servers.Http.PostAsync(Url("/bench/echo"), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(sent, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/x-test", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fixture.Server.Pid.ToString(), Assert.Single(response.Headers.GetValues("X-Mini-Odoo-Pid")));
        Assert.Equal("threaded", Assert.Single(response.Headers.GetValues("X-Mini-Odoo-Role")));
        Assert.Equal("0", Assert.Single(response.Headers.GetValues("X-Mini-Odoo-Generation")));
    }

    [Fact]
    public async Task EchoOfAnEmptyBodyIsEmpty()
    {
        using var response = await Servers.Http.PostAsync(Url("/bench/echo"), new ByteArrayContent([]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task EchoRefusesADeclaredBodyOverOneMebibyteWith413()
    {
        using var response = await Servers.Http.PostAsync(Url("/bench/echo"), new ByteArrayContent(new byte[1024 * 1024 + 1]));

        await AssertRefusedAsTooLargeAsync(response, "request body of 1048577 bytes is over the limit of 1048576 bytes");
    }

    [Fact]
    public async Task EchoRefusesAChunkedBodyOnceItPassesTheLimit()
    {
        using var content = new StreamContent(new MemoryStream(new byte[3 * 1024 * 1024]));
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/bench/echo")) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        // Expect: 100-continue, as curl sends for large bodies: the server answers before the client has sent it all.
        request.Headers.ExpectContinue = true;

        using var response = await Servers.Http.SendAsync(request);

        await AssertRefusedAsTooLargeAsync(response, "request body is over the limit of 1048576 bytes");
    }

    [Fact]
    public async Task EchoTellsAGetWhatToSend()
    {
        using var response = await Servers.Http.GetAsync(Url("/bench/echo"));

        await AssertJsonErrorAsync(response, HttpStatusCode.MethodNotAllowed, "answers POST or PUT with the body to echo, not GET");
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("/bench/mixed?units=5", "missing query parameter 'ms'")]
    [InlineData("/bench/mixed?units=x&ms=-1", "'units' = 'x' is not a number: expected a number from 0 to 10000 (CPU units: 1 unit = 1 ms of thread CPU time); query parameter 'ms' = '-1' is negative")]
    [InlineData("/bench/mixed?units=1&units=2&ms=1", "'units' is given 2 times")]
    [InlineData("/bench/json", "missing query parameter 'kb'")]
    [InlineData("/bench/json?kb=16385", "'kb' = '16385' is too large: expected an integer from 0 to 16384 (KiB of JSON)")]
    [InlineData("/bench/json?kb=1.5", "'kb' = '1.5' is not a number")]
    public async Task ABadParameterIsA400WithAClearJsonError(string path, string message)
    {
        using var response = await Servers.Http.GetAsync(Url(path));

        await AssertJsonErrorAsync(response, HttpStatusCode.BadRequest, message);
    }

    private void AssertNamesTheServer(JsonElement root)
    {
        Assert.Equal(fixture.Server.Pid, root.GetProperty("pid").GetInt32());
        Assert.Equal("threaded", root.GetProperty("role").GetString());
        Assert.Equal(0, root.GetProperty("generation").GetInt32());
    }

    /// <summary>Refused by the server before the route, in Odoo's error shape (as every route's oversized body).</summary>
    private static async Task AssertRefusedAsTooLargeAsync(HttpResponseMessage response, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(413, error.GetProperty("code").GetInt32());
        Assert.Contains(message, error.GetProperty("data").GetProperty("message").GetString());
    }

    private async Task AssertJsonErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, json.RootElement.GetProperty("error").GetString());
        AssertNamesTheServer(json.RootElement);
        Assert.DoesNotContain("   at ", text);
    }
}
