using System.Diagnostics;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// Runs the experiments runner (tools/MiniOdooServer.Experiments, built beside the tests in the same configuration)
/// as a process in a group of its own, so that if it outlives its bound the group — the runner and any mini-odoo it
/// started — is stopped by id.
/// </summary>
internal static class ExperimentsRunner
{
    public sealed record Outcome(int ExitCode, string Output, string Errors);

    public static string Assembly
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var path = Repository.PathOf("tools", "MiniOdooServer.Experiments", "bin", configuration, "net10.0", "mini-odoo-experiments.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build tools/MiniOdooServer.Experiments first", path);
        }
    }

    /// <summary>Runs it with <paramref name="args"/>, mini-odoo being the binary under test; the run is killed past <paramref name="bound"/>.</summary>
    public static async Task<Outcome> RunAsync(IReadOnlyList<string> args, TimeSpan bound)
    {
        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["MINI_ODOO_BIN"] = Binary.Path;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Signals.Send(-process.Id, Signals.Kill);
            await process.WaitForExitAsync();
            throw new TimeoutException($"the experiments runner did not finish within {bound.TotalMinutes:0} min: {await output}");
        }
        return new Outcome(process.ExitCode, await output, await errors);
    }
}
