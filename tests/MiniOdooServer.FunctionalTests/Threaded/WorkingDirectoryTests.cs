using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Threaded;

/// <summary>
/// mini-odoo takes its options from its command line and config file only: an ASP.NET Core appsettings.json that
/// happens to lie in the working directory changes nothing (the host neither reads nor watches it).
/// </summary>
public sealed class WorkingDirectoryTests
{
    [Fact]
    public async Task AnAppsettingsFileInTheWorkingDirectoryAddsNoListeningAddress()
    {
        var port = Ports.Free();
        var stray = Ports.Free();
        var directory = Directory.CreateTempSubdirectory("mini-odoo-test-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"),
            """{"Kestrel": {"Endpoints": {"Stray": {"Url": "http://127.0.0.1:PORT"}}}}""".Replace("PORT", stray.ToString()));

        await using var server = ServerProcess.Start(["--http-interface", "127.0.0.1", "-p", port.ToString()], workDirectory: directory);
        await server.WaitForLogAsync(@"HTTP service \(kestrel\) running on");

        Assert.Equal("""{"status": "pass"}""", await Servers.Http.GetStringAsync($"http://127.0.0.1:{port}/web/health"));
        Assert.True(await Connections.IsRefusedAsync(stray));
    }
}
