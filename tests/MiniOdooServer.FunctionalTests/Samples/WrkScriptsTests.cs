using System.Diagnostics;
using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Samples;

/// <summary>
/// Every wrk script of samples/wrk runs for about a second against a real threaded mini-odoo: requests are made, none
/// fails (no socket error, no non-2xx answer), and what a script checks itself (echo mismatches) is zero.
/// </summary>
public sealed class WrkScriptsTests(ThreadedServerFixture fixture) : IClassFixture<ThreadedServerFixture>
{
    public static TheoryData<string> Scripts() => new(Directory.GetFiles(ScriptsFolder(), "*.lua").Select(Path.GetFileName).Order()!);

    [Fact]
    public void TheSamplesHaveTheRouteMixAndThePostEchoScripts()
    {
        Assert.Contains("route-mix.lua", Scripts());
        Assert.Contains("post-echo.lua", Scripts());
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task TheScriptDrivesMiniOdooWithoutAnError(string script)
    {
        var output = await RunWrkAsync(Path.Combine(ScriptsFolder(), script), $"http://127.0.0.1:{fixture.Port}");

        var requests = Regex.Match(output, @"(\d+) requests in");
        Assert.True(requests.Success, output);
        Assert.True(long.Parse(requests.Groups[1].Value) > 0, output);
        Assert.DoesNotContain("Socket errors", output);
        Assert.DoesNotContain("Non-2xx", output);
        if (script == "post-echo.lua")
        {
            Assert.Contains("echo mismatches: 0 ", output);
        }
    }

    private static async Task<string> RunWrkAsync(string script, string url)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t", "2", "-c", "4", "-d", "1s", "--timeout", "5s", "-s", script, url })
        {
            start.ArgumentList.Add(argument);
        }
        using var wrk = Process.Start(start)!;
        var output = wrk.StandardOutput.ReadToEndAsync();
        var errors = wrk.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await wrk.WaitForExitAsync(deadline.Token);
        Assert.True(wrk.ExitCode == 0, $"wrk exited with {wrk.ExitCode}: {await errors}");
        return await output + await errors;
    }

    private static string ScriptsFolder() => Repository.PathOf("samples", "wrk");
}
