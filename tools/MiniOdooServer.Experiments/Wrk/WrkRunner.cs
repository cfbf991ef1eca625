using System.Diagnostics;
using System.Globalization;

namespace MiniOdooServer.Experiments.Wrk;

/// <summary>Runs wrk once against a URL and parses its summary; a wrk that fails or hangs is an error, never a zero.</summary>
internal sealed class WrkRunner(string wrkPath)
{
    /// <summary>wrk's own request timeout: long enough for 64 connections queued on one prefork worker.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public async Task<WrkResult> RunAsync(string url, int connections, TimeSpan duration, string? script = null, IReadOnlyList<string>? scriptArguments = null)
    {
        var start = new ProcessStartInfo(wrkPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(url, connections, duration, script, scriptArguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {wrkPath}");
        var output = wrk.StandardOutput.ReadToEndAsync();
        var errors = wrk.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(duration + RequestTimeout + TimeSpan.FromSeconds(10));
        try
        {
            await wrk.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            wrk.Kill();
            throw new TimeoutException($"wrk did not finish against {url}");
        }
        if (wrk.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {wrk.ExitCode}: {await errors}{await output}");
        }
        return WrkOutputParser.Parse(await output);
    }

    /// <summary>wrk's command line: one thread per connection up to two (this machine's cores), the timeout, the duration.</summary>
    public static IReadOnlyList<string> Arguments(string url, int connections, TimeSpan duration, string? script, IReadOnlyList<string>? scriptArguments = null)
    {
        List<string> arguments =
        [
            "-t", Math.Min(connections, 2).ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", ((int)RequestTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
        ];
        if (script is not null)
        {
            arguments.AddRange(["-s", script]);
        }
        arguments.Add(url);
        if (scriptArguments is { Count: > 0 })
        {
            arguments.Add("--");
            arguments.AddRange(scriptArguments);
        }
        return arguments;
    }
}
