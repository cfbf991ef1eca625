using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c>, installed by <c>.ci/run</c>) driven over its DevTools protocol. It
/// runs in a process group of its own (through setsid) with a throw-away profile, and is stopped by that group id,
/// never by name. Pages are opened through the DevTools HTTP endpoint and driven with <see cref="DevToolsPage"/>.
/// </summary>
internal sealed partial class Chromium : IAsyncDisposable
{
    public const string Path = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly string _profile;
    private readonly Uri _endpoint;

    private Chromium(Process process, string profile, Uri endpoint)
    {
        _process = process;
        _profile = profile;
        _endpoint = endpoint;
    }

    public static async Task<Chromium> StartAsync()
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} is missing: apt-get install -y chromium (.ci/run does)");
        }
        var profile = Directory.CreateTempSubdirectory("mini-odoo-chromium-").FullName;
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     Path, "--headless=new", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                     $"--user-data-dir={profile}", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "about:blank",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                endpoint.TrySetException(new InvalidOperationException($"chromium ended before listening:\n{log}"));
                return;
            }
            lock (log)
            {
                log.AppendLine(e.Data);
            }
            if (DevToolsLine().Match(e.Data) is { Success: true } match)
            {
                endpoint.TrySetResult(new Uri($"http://127.0.0.1:{match.Groups[1].Value}/"));
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var chromium = new Chromium(process, profile, null!);
        try
        {
            return new Chromium(process, profile, await endpoint.Task.Within(TimeSpan.FromSeconds(30)));
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a new tab on <paramref name="url"/> and connects to it.</summary>
    public async Task<DevToolsPage> OpenAsync(string url)
    {
        // Current Chromium wants PUT for /json/new.
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(_endpoint, "json/new?" + Uri.EscapeDataString(url)));
        using var response = await Servers.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var target = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        var socketUrl = target.RootElement.GetProperty("webSocketDebuggerUrl").GetString()!;
        return await DevToolsPage.ConnectAsync(new Uri(socketUrl));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signals.Send(-_process.Id, Signals.Term);
            if (!await WaitForExitAsync(TimeSpan.FromSeconds(5)))
            {
                Signals.Send(-_process.Id, Signals.Kill);
                await WaitForExitAsync(TimeSpan.FromSeconds(5));
            }
        }
        // Renderer processes share the group; make sure none outlives the test.
        Signals.Send(-_process.Id, Signals.Kill);
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(\d+)/")]
    private static partial Regex DevToolsLine();
}
