using System.Globalization;
using Microsoft.Extensions.Configuration;
using MiniOdooServer.Configuration.Values;

namespace MiniOdooServer.Configuration.Cron;

/// <summary>
/// Reads every <c>[cron:NAME]</c> section of the configuration file into a <see cref="CronJobDefinition"/>. Each
/// problem names its section and key (an unknown action or key, a bad interval, a key another action owns), so a
/// mistake stops the server before it starts (exit status 2) instead of a job silently never running.
/// </summary>
public static class CronJobParser
{
    public const string SectionPrefix = "cron";

    private static readonly Dictionary<CronAction, string[]> KeysOf = new()
    {
        [CronAction.BusSend] = ["channel"],
        [CronAction.BusGc] = [],
        [CronAction.Http] = ["path", "method", "timeout"],
        [CronAction.BenchCpu] = ["units"],
        [CronAction.BenchIo] = ["ms"],
    };

    private static readonly string[] CommonKeys = ["interval", "action", "active"];

    /// <summary>The jobs of <paramref name="file"/>; problems are added to <paramref name="problems"/>, bad jobs left out.</summary>
    public static IReadOnlyList<CronJobDefinition> Parse(IConfiguration file, ICollection<string> problems)
    {
        var jobs = new List<CronJobDefinition>();
        foreach (var section in file.GetSection(SectionPrefix).GetChildren().OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var label = $"[{SectionPrefix}:{section.Key}]";
            var before = problems.Count;
            if (section.Value is not null || !IsValidName(section.Key))
            {
                // [cron] key = value, or a section name a log line or a route could not carry.
                problems.Add($"{label}: expected a section [cron:NAME] with NAME made of letters, digits, '_', '-' or '.'");
                continue;
            }
            var values = section.GetChildren().ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase);
            var job = Read(section.Key, label, values, problems);
            if (job is not null && problems.Count == before)
            {
                jobs.Add(job);
            }
        }
        return jobs;
    }

    private static CronJobDefinition? Read(string name, string label, Dictionary<string, string?> values, ICollection<string> problems)
    {
        string? Text(string key) => values.TryGetValue(key, out var v) && v is not null ? WithoutComment(v) : null;

        CronAction? action = null;
        switch (Text("action"))
        {
            case null or "":
                problems.Add($"{label} action: missing; expected one of {string.Join(", ", CronActions.ByName.Keys)}");
                break;
            case var text when CronActions.ByName.TryGetValue(text, out var known):
                action = known;
                break;
            case var text:
                problems.Add($"{label} action = {text}: expected one of {string.Join(", ", CronActions.ByName.Keys)}");
                break;
        }
        var interval = Positive(label, "interval", Text("interval"), required: true, problems);
        var job = new CronJobDefinition { Name = name, IntervalSeconds = interval ?? 1, Action = action ?? CronAction.BusGc };
        if (Text("active") is { } activeText)
        {
            if (BooleanSyntax.Instance.TryParse(activeText, out var active))
            {
                job = job with { Active = active };
            }
            else
            {
                problems.Add($"{label} active = {activeText}: expected True or False");
            }
        }
        if (action is null)
        {
            return null;
        }
        foreach (var key in values.Keys.Where(k => !CommonKeys.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            if (!KeysOf[action.Value].Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                var owners = KeysOf.Where(pair => pair.Value.Contains(key, StringComparer.OrdinalIgnoreCase)).Select(pair => pair.Key.Name()).ToArray();
                problems.Add(owners.Length > 0
                    ? $"{label} {key}: not a key of action {action.Value.Name()} (it belongs to {string.Join(", ", owners)})"
                    : $"{label} {key}: unknown key; expected {string.Join(", ", CommonKeys.Concat(KeysOf[action.Value]))}");
            }
        }
        switch (action.Value)
        {
            case CronAction.BusSend:
                var channel = Text("channel");
                if (string.IsNullOrEmpty(channel))
                {
                    problems.Add($"{label} channel: missing; expected the bus channel to publish on");
                }
                job = job with { Channel = channel ?? "" };
                break;
            case CronAction.Http:
                var path = Text("path");
                if (path is null || !path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal) || path.Any(char.IsWhiteSpace))
                {
                    problems.Add($"{label} path = {path}: expected a path of this server starting with '/'");
                }
                var method = (Text("method") ?? "GET").ToUpperInvariant();
                if (method is not ("GET" or "POST" or "HEAD"))
                {
                    problems.Add($"{label} method = {Text("method")}: expected GET, POST or HEAD");
                }
                job = job with
                {
                    Path = path ?? "/",
                    Method = method,
                    TimeoutSeconds = Positive(label, "timeout", Text("timeout"), required: false, problems) ?? job.TimeoutSeconds,
                };
                break;
            case CronAction.BenchCpu:
                job = job with { Units = Positive(label, "units", Text("units"), required: false, problems) ?? job.Units };
                break;
            case CronAction.BenchIo:
                job = job with { Milliseconds = Positive(label, "ms", Text("ms"), required: false, problems) ?? job.Milliseconds };
                break;
        }
        return job;
    }

    private static int? Positive(string label, string key, string? text, bool required, ICollection<string> problems)
    {
        if (text is null)
        {
            if (required)
            {
                problems.Add($"{label} {key}: missing; expected a whole number of seconds above 0");
            }
            return null;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }
        problems.Add($"{label} {key} = {text}: expected a whole number above 0");
        return null;
    }

    /// <summary>
    /// <c>interval = 10 ; seconds</c>: the INI reader keeps text after the value, so a comment after whitespace is cut
    /// here (no cron value holds " ;" or " #": channels, paths and numbers).
    /// </summary>
    private static string WithoutComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] is ';' or '#' && char.IsWhiteSpace(value[i - 1]))
            {
                return value[..i].Trim();
            }
        }
        return value.Trim();
    }

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
