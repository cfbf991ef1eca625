using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MiniOdooServer.FunctionalTests.Support;

namespace MiniOdooServer.FunctionalTests.Monitoring;

/// <summary>Reads /web/server/status and /metrics as a monitoring system would, and waits for a value there.</summary>
internal static partial class StatusClient
{
    public static async Task<JsonDocument> StatusAsync(int port)
    {
        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/web/server/status");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public static async Task<string> MetricsAsync(int port)
    {
        using var response = await Servers.Http.GetAsync($"http://127.0.0.1:{port}/metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// Polls /web/server/status until it lists exactly <paramref name="expected"/> processes of each role named there,
    /// each idle or busy: how a test knows a server is up when its log says nothing at INFO.
    /// </summary>
    public static Task WaitForProcessesAsync(int port, params (string Role, int Count)[] expected) =>
        Wait.UntilAsync(async () =>
        {
            try
            {
                using var status = await StatusAsync(port);
                var working = status.RootElement.GetProperty("processes").EnumerateArray()
                    .Where(p => p.GetProperty("state").GetString() is "idle" or "busy")
                    .Select(p => p.GetProperty("role").GetString())
                    .ToArray();
                return expected.All(e => working.Count(role => role == e.Role) == e.Count);
            }
            catch (HttpRequestException)
            {
                return false; // no worker accepting yet
            }
        }, "idle or busy in /web/server/status: " + string.Join(", ", expected.Select(e => $"{e.Count} {e.Role}")), every: Wait.HttpPoll);

    /// <summary>The value of one series (<c>name{labels}</c> exactly as exposed), 0 when absent.</summary>
    public static double Value(string metrics, string series)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    /// <summary>Polls /metrics until <paramref name="condition"/> holds for the series' value; returns that value.</summary>
    public static Task<double> WaitForAsync(int port, string series, Func<double, bool> condition,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(condition))] string what = "") =>
        Wait.ForAsync(async () => Value(await MetricsAsync(port), series), condition, $"{series}: {what}", every: Wait.HttpPoll);

    /// <summary>
    /// Polls /web/server/status until a process is serving <paramref name="path"/> (its handler runs): a test that
    /// needs a request in flight waits for this, not for a guessed delay.
    /// </summary>
    public static Task ServingAsync(int port, string path) =>
        Wait.UntilAsync(async () =>
        {
            using var status = await StatusAsync(port);
            return status.RootElement.GetProperty("processes").EnumerateArray().Any(p =>
                p.GetProperty("current") is { ValueKind: JsonValueKind.Object } current && current.GetProperty("path").GetString() == path);
        }, $"{path} in flight in /web/server/status", every: Wait.HttpPoll);
}
