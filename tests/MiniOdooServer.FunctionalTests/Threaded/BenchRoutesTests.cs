using System.Net;
using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>The bench module over HTTP: answers name the process, parameters are checked, and it loads only where safe.</summary>
public sealed class BenchRoutesTests(ThreadedServerFixture fixture) : IClassFixture<ThreadedServerFixture>
{
    [Theory]
    [InlineData("/bench/cpu?ms=5", "ms", 5)]
    [InlineData("/bench/cpu?units=5", "ms", 5)]
    [InlineData("/bench/replay?sql_ms=5&cpu_ms=2.5&queries=3", "queries", 3)]
    [InlineData("/bench/io?ms=5", "ms", 5)]
    [InlineData("/bench/alloc?mb=2", "mb", 2)]
    [InlineData("/bench/hang?s=0", "s", 0)]
    public async Task EachWorkloadAnswersJsonNamingTheProcess(string path, string field, int value)
    {
        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{fixture.Port}{path}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.Server.Pid, json.RootElement.GetProperty("pid").GetInt32());
        Assert.Equal("threaded", json.RootElement.GetProperty("role").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("generation").GetInt32());
        Assert.Equal(value, json.RootElement.GetProperty(field).GetInt32());
    }

    [Theory]
    [InlineData("/bench/cpu", "missing query parameter 'ms'")]
    [InlineData("/bench/cpu?units=many", "'units' = 'many' is not a number")]
    [InlineData("/bench/io?ms=-3", "'ms' = '-3' is negative")]
    [InlineData("/bench/alloc?mb=65537", "'mb' = '65537' is too large")]
    [InlineData("/bench/hang?s=3601", "'s' = '3601' is too large")]
    [InlineData("/bench/hang?s=99999999999999999999", "too large")]
    [InlineData("/bench/replay?cpu_ms=1&queries=1", "missing query parameter 'sql_ms'")]
    [InlineData("/bench/replay?sql_ms=1&cpu_ms=10000.5&queries=1", "query parameter 'cpu_ms' = '10000.5' is too large: expected a number from 0 to 10000")]
    [InlineData("/bench/replay?sql_ms=10001&cpu_ms=1&queries=1", "query parameter 'sql_ms' = '10001' is too large")]
    [InlineData("/bench/replay?sql_ms=1&cpu_ms=1&queries=2.5", "query parameter 'queries' = '2.5' is not a number: expected an integer from 0 to 10000")]
    [InlineData("/bench/replay?sql_ms=5&cpu_ms=1&queries=0", "query parameter 'queries' = '0' leaves no round trip for sql_ms = 5")]
    [InlineData("/bench/cpu?ms=10001", "query parameter 'ms' = '10001' is too large: expected a number from 0 to 10000")]
    [InlineData("/bench/cpu?ms=1&units=1", "'ms' and 'units' are synonyms")]
    public async Task ABadParameterIsA400WithAClearJsonError(string path, string message)
    {
        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{fixture.Port}{path}");
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, json.RootElement.GetProperty("error").GetString());
        Assert.Equal(fixture.Server.Pid, json.RootElement.GetProperty("pid").GetInt32());
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task CrashKillsTheProcess()
    {
        var (server, port) = await Servers.StartThreadedAsync("--load", "base,web,bench");
        await using var _ = server;

        try
        {
            (await Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/crash")).Dispose();
        }
        catch (HttpRequestException)
        {
            // The connection may be cut before the answer: the process is dying either way.
        }

        Assert.NotEqual(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("CRITICAL ? odoo.addons.bench: Crash requested", server.Output);
    }

    [Fact]
    public async Task IsRefusedWithOneWarningOnAllInterfacesWithTheDefaultPassword()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["--http-interface", "", "-p", port.ToString(), "--load", "base,web,bench"]);
        await server.WaitForLogAsync(@"HTTP service \(kestrel\) running on");

        // The server listens on every interface; the test still only talks to loopback.
        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/io?ms=1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // Two warnings: the server's own about the default admin_passwd beyond loopback, and the bench module's.
        var warnings = server.Output.Split('\n').Where(line => line.Contains(" WARNING ")).ToArray();
        Assert.Equal(2, warnings.Length);
        var warning = Assert.Single(warnings, line => line.Contains("bench module is not loaded"));
        Assert.Contains("admin_passwd", warning);
        Assert.Single(warnings, line => line.Contains("admin_passwd is the default 'admin'"));
    }
}
