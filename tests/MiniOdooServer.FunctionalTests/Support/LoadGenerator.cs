using System.Collections.Concurrent;
using System.Text.Json;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>
/// A bounded load for behaviour tests (not a benchmark): N clients request a URL in a loop until stopped, and every
/// failure (refused, reset, non-200) is counted with its reason. Bench answers name the pid that served them.
/// </summary>
internal sealed class LoadGenerator
{
    private readonly ConcurrentBag<string> _failures = [];
    private readonly ConcurrentDictionary<int, int> _servedBy = new();
    private int _succeeded;

    public int Succeeded => _succeeded;

    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Pids named in bench answers, with how many requests each served.</summary>
    public IReadOnlyDictionary<int, int> ServedBy => _servedBy;

    /// <summary>Waits until <paramref name="count"/> requests succeeded in all (or one failed), however slow the machine.</summary>
    public Task ServedAtLeastAsync(int count) =>
        Wait.UntilAsync(() => Succeeded >= count || !_failures.IsEmpty, $"{count} requests served under load");

    public async Task RunAsync(string url, int clients, CancellationToken stop, int? maxRequests = null)
    {
        var remaining = maxRequests ?? int.MaxValue;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && Interlocked.Decrement(ref remaining) >= 0)
            {
                await RequestOnceAsync(url);
            }
        })));
    }

    private async Task RequestOnceAsync(string url)
    {
        try
        {
            using var response = await Servers.Http.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                _failures.Add($"{(int)response.StatusCode}: {body}");
                return;
            }
            Interlocked.Increment(ref _succeeded);
            if (body.Contains("\"pid\"", StringComparison.Ordinal))
            {
                using var json = JsonDocument.Parse(body);
                _servedBy.AddOrUpdate(json.RootElement.GetProperty("pid").GetInt32(), 1, (_, n) => n + 1);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            _failures.Add(e.GetBaseException().Message);
        }
    }
}
