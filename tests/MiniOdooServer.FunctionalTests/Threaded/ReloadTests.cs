using System.Net;
using System.Text.Json;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>SIGHUP re-reads the configuration by executing the program again in place (same pid), unless the new one is invalid.</summary>
public sealed class ReloadTests
{
    [Fact]
    public async Task SighupReexecutesInPlaceWithTheRewrittenConfiguration()
    {
        var (server, port, config) = await StartWithConfigFileAsync("base,web");
        await using var _ = server;
        using (var before = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/bench/io?ms=1"))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        await File.WriteAllTextAsync(config, ConfigText(port, "base,web,bench"));
        server.Signal(Signals.Hup);

        await server.WaitForLogAsync("Initiating server reload");
        await server.WaitForLogAsync(@"HTTP service \(kestrel\) running on", occurrences: 2);
        await server.WaitForLogAsync("server_wide_modules: base,web,bench");
        var body = await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/bench/io?ms=1");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(server.Pid, json.RootElement.GetProperty("pid").GetInt32());
        Assert.False(server.HasExited);
    }

    [Fact]
    public async Task AnInvalidConfigurationOnSighupIsRefusedAndTheServerKeepsServing()
    {
        var (server, port, config) = await StartWithConfigFileAsync("base,web");
        await using var _ = server;

        await File.WriteAllTextAsync(config, ConfigText(port, "base,web") + "workers = many\n");
        server.Signal(Signals.Hup);

        await server.WaitForLogAsync("ERROR .*Reload refused.*workers = many");
        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
        Assert.DoesNotContain("Initiating server reload", server.Output);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(server.Output, @"HTTP service \(kestrel\) running on"));
        Assert.False(server.HasExited);
    }

    private static async Task<(ServerProcess Server, int Port, string Config)> StartWithConfigFileAsync(string modules)
    {
        var port = Ports.Free();
        var directory = Directory.CreateTempSubdirectory("mini-odoo-test-").FullName;
        var config = Path.Combine(directory, "odoo.conf");
        await File.WriteAllTextAsync(config, ConfigText(port, modules));
        var server = ServerProcess.Start(["-c", config], workDirectory: directory);
        await server.WaitForLogAsync(@"HTTP service \(kestrel\) running on");
        return (server, port, config);
    }

    private static string ConfigText(int port, string modules) =>
        $"""
        [options]
        http_interface = 127.0.0.1
        http_port = {port}
        server_wide_modules = {modules}

        """;
}
