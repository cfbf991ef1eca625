using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MiniOdooServer.FunctionalTests.Support;

/// <summary>Cron jobs seen from outside: a configuration file declaring them, their runs read from the bus, triggers.</summary>
internal static class CronClient
{
    /// <summary>One run a bus.send job published: who ran it and for which scheduled time.</summary>
    public sealed record Run(long Id, string Job, int Pid, string Role, DateTimeOffset ScheduledAt, DateTimeOffset RanAt);

    /// <summary>Writes <c>[options]</c> plus the given cron sections into a fresh folder; returns the file's path.</summary>
    public static string WriteConfig(params string[] cronSections)
    {
        var directory = Directory.CreateTempSubdirectory("mini-odoo-cron-conf-").FullName;
        var path = Path.Combine(directory, "cron.conf");
        File.WriteAllText(path, "[options]\n\n" + string.Join('\n', cronSections));
        return path;
    }

    /// <summary>A job that publishes its run on <paramref name="channel"/> every second (read back with <see cref="RunsAsync"/>).</summary>
    public static string BusTick(string channel, string job = "tick") =>
        $"[cron:{job}]\ninterval = 1\naction = bus.send\nchannel = {channel}";

    /// <summary>A job <c>tick</c> of 1 ms of I/O every <paramref name="intervalSeconds"/>: something to run, nothing to publish.</summary>
    public static string IoTick(int intervalSeconds = 1) =>
        $"[cron:tick]\ninterval = {intervalSeconds}\naction = bench.io\nms = 1";

    /// <summary>The runs published on <paramref name="channel"/> in the last 50 s, read with peek_notifications.</summary>
    public static async Task<IReadOnlyList<Run>> RunsAsync(int port, string channel)
    {
        var body = """{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"channels": [""" + JsonSerializer.Serialize(channel) + """], "last": 0}}""";
        using var response = await Servers.Http.PostAsync($"http://127.0.0.1:{port}/websocket/peek_notifications",
            new StringContent(body, Encoding.UTF8, "application/json"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("result").GetProperty("notifications").EnumerateArray()
            .Where(n => n.GetProperty("message").GetProperty("type").GetString() == "cron.run")
            .Select(n =>
            {
                var p = n.GetProperty("message").GetProperty("payload");
                return new Run(n.GetProperty("id").GetInt64(), p.GetProperty("job").GetString()!, p.GetProperty("pid").GetInt32(),
                    p.GetProperty("role").GetString()!, DateTimeOffset.Parse(p.GetProperty("scheduled_at").GetString()!),
                    DateTimeOffset.Parse(p.GetProperty("ran_at").GetString()!));
            })
            .ToArray();
    }

    /// <summary>Polls the bus until <paramref name="count"/> runs are there (generous timeout: the machine is shared).</summary>
    public static Task<IReadOnlyList<Run>> WaitForRunsAsync(int port, string channel, int count, TimeSpan? timeout = null) =>
        Wait.ForAsync(() => RunsAsync(port, channel), runs => runs.Count >= count, $"{count} run(s) on {channel}", timeout ?? TimeSpan.FromSeconds(40), Wait.HttpPoll);

    public static async Task<HttpResponseMessage> TriggerAsync(int port, string job, string? password = "admin")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/cron/trigger/{job}");
        if (password is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", password);
        }
        return await Servers.Http.SendAsync(request);
    }

    /// <summary>No scheduled time twice: a job never ran twice in one interval.</summary>
    public static void AssertOneRunPerScheduledTime(IReadOnlyList<Run> runs)
    {
        var duplicates = runs.GroupBy(r => r.ScheduledAt).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(duplicates.Length == 0, "ran twice for " + string.Join(", ", duplicates) + ": " + string.Join("; ", runs));
    }
}
