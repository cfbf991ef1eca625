using System.Diagnostics;
using System.Text.Json;

namespace MiniOdooServer.Tests.Configuration;

/// <summary>
/// Python's <c>configparser.RawConfigParser</c> — the parser Odoo reads its configuration with — run on files, as the
/// independent reference the configuration reader is compared with (Oracle/read_with_python.py). Needs python3 on the
/// PATH, which every Debian machine has (.ci/run installs it where missing).
/// </summary>
internal static class PythonOracle
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string Script => Path.Combine(AppContext.BaseDirectory, "Configuration", "Oracle", "read_with_python.py");

    /// <summary>What Python reads from each file, keyed by path: <c>{"odoo": {...}, "without_bom": {...}?}</c>.</summary>
    public static IReadOnlyDictionary<string, JsonElement> Read(IEnumerable<string> paths)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (var path in paths)
        {
            start.ArgumentList.Add(path);
        }
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        if (!python.WaitForExit(Timeout))
        {
            python.Kill();
            throw new TimeoutException($"python3 {Script} did not finish within {Timeout.TotalSeconds} s");
        }
        Assert.True(python.ExitCode == 0, $"python3 {Script} failed: {errors.Result}");
        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(result => result.GetProperty("path").GetString()!, StringComparer.Ordinal);
    }

    public static JsonElement Read(string path) => Read([path])[path];

    /// <summary>A section as Python's <c>items()</c> gives it, from an "ok" result.</summary>
    public static Dictionary<string, string> Section(JsonElement result, string name) =>
        result.GetProperty("sections").GetProperty(name).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    public static IReadOnlyList<string> SectionNames(JsonElement result) =>
        result.GetProperty("sections").EnumerateObject().Select(p => p.Name).ToArray();
}
