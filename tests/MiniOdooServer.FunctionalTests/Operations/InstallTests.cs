using System.Diagnostics;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Operations;

/// <summary>The README's install command, into a temporary prefix: mini-odoo on the PATH, and a prefork server from there.</summary>
public sealed class InstallTests
{
    [Fact]
    public async Task MakeInstallPutsMiniOdooOnThePathAndAPreforkServerStartsFromThere()
    {
        var prefix = Directory.CreateTempSubdirectory("mini-odoo-prefix-").FullName;
        var (status, output) = await RunAsync("make", "-C", Repository.Root, "install-files", $"PREFIX={prefix}", $"FROM={Path.GetDirectoryName(Binary.Path)}");
        Assert.True(status == 0, output);
        var path = $"{prefix}/bin:{Environment.GetEnvironmentVariable("PATH")}";

        var (versionStatus, version) = await RunAsync("env", $"PATH={path}", "mini-odoo", "--version");
        Assert.Equal(0, versionStatus);
        Assert.Matches(@"^\d+\.\d+\.\d+", version);

        await using var server = ServerProcess.Start(
            ["--http-interface", "127.0.0.1", "-p", Ports.Free().ToString(), "--gevent-port", Ports.Free().ToString(),
             "--workers", "2", "--max-cron-threads", "0"],
            launcher: ["env", $"PATH={path}", "sh", "-c", "shift; exec mini-odoo \"$@\"", "sh"]);
        await server.WaitForLogAsync(@"Worker WorkerHTTP \(\d+\) alive", occurrences: 2);
        Assert.All(server.ChildPids(), pid => Assert.StartsWith(prefix, new FileInfo($"/proc/{pid}/exe").ResolveLinkTarget(true)!.FullName));
    }

    private static async Task<(int Status, string Output)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await error);
    }
}
