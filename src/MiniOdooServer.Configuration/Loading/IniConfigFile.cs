using Microsoft.Extensions.Configuration;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// An Odoo-style INI file, read as Odoo reads it (Python's <c>RawConfigParser</c>): <c>[section]</c> headers,
/// <c>key = value</c> or <c>key: value</c>, keys lower-cased, values kept as written (quotes included), whole-line
/// <c>#</c>/<c>;</c> comments, indented lines continuing the previous value.
/// </summary>
/// <remarks>
/// Read by hand rather than with Microsoft.Extensions.Configuration's INI provider because that provider sorts the
/// keys (so a later <c>xmlrpc_port</c> could not override an earlier <c>http_port</c> as in Odoo, and warnings lost
/// the file's order), strips quotes, and stops at the first duplicate key with an exception: every problem of a file
/// must be reported at once, with its line.
/// </remarks>
public sealed class IniConfigFile
{
    public const string OptionsSection = "options";

    private readonly List<(string Section, SettingValue Setting)> _entries;

    private IniConfigFile(string path, List<(string Section, SettingValue Setting)> entries, IReadOnlyList<string> problems)
    {
        Path = path;
        _entries = entries;
        Problems = problems;
        // IConfiguration keys ignore case while Python's section names do not: on such a clash the later line wins.
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (section, setting) in entries)
        {
            data[$"{section}:{setting.Key}"] = setting.Text;
        }
        Root = new ConfigurationBuilder().AddInMemoryCollection(data).Build();
    }

    public string Path { get; }

    /// <summary>Every section of the file; keys are <c>section:key</c>, so <c>[cron:heartbeat]</c> reads as <c>cron:heartbeat:interval</c>.</summary>
    public IConfiguration Root { get; }

    /// <summary>Lines that are not valid INI (duplicates, text that is not <c>key = value</c>), one message each.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Reads a file; an unreadable file raises a <see cref="ConfigurationError"/> naming it.</summary>
    public static IniConfigFile Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationError(
                [$"The config file '{path}' selected with -c/--config doesn't exist or is not readable, use -s/--save if you want to generate it"]);
        }
        return Parse(path, lines);
    }

    /// <summary>Parses the text of a file; problems are collected, never thrown, so that they are all reported together.</summary>
    public static IniConfigFile Parse(string path, IReadOnlyList<string> lines)
    {
        var name = System.IO.Path.GetFileName(path);
        var entries = new List<(string Section, SettingValue Setting)>();
        var problems = new List<string>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var sections = new HashSet<string>(StringComparer.Ordinal);
        string? section = null;
        int? continued = null;
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index];
            var number = index + 1;
            var origin = $"{name}:{number}";
            var text = line.Trim();
            if (text.Length == 0 || text[0] is '#' or ';')
            {
                continued = null;
                continue;
            }
            if (continued is { } previous && char.IsWhiteSpace(line[0]))
            {
                var (owner, setting) = entries[previous];
                entries[previous] = (owner, setting with { Text = setting.Text + "\n" + text });
                continue;
            }
            continued = null;
            if (text[0] == '[' && text[^1] == ']' && text.Length > 2)
            {
                section = text[1..^1];
                if (!sections.Add(section))
                {
                    problems.Add($"[{section}] ({origin}): duplicate section: expected each section once");
                }
                continue;
            }
            var delimiter = text.IndexOfAny(['=', ':']);
            if (delimiter <= 0 || text[..delimiter].Trim().Length == 0)
            {
                problems.Add($"{text} ({origin}): expected key = value");
                continue;
            }
            if (section is null)
            {
                problems.Add($"{text} ({origin}): expected a [section] header before the first key, e.g. [options]");
                continue;
            }
            var key = text[..delimiter].Trim().ToLowerInvariant();
            var value = text[(delimiter + 1)..].Trim();
            if (firstLine.TryGetValue($"{section}\n{key}", out var first))
            {
                problems.Add($"{key} = {value} ({origin}): duplicate key, already set on line {first}: expected each key once in [{section}]");
                continue;
            }
            firstLine.Add($"{section}\n{key}", number);
            continued = entries.Count;
            entries.Add((section, new SettingValue(key, value, origin)));
        }
        return new IniConfigFile(path, entries, problems);
    }

    /// <summary>The <c>[options]</c> settings in file order, each with its file and line as origin.</summary>
    public IReadOnlyList<SettingValue> Options() =>
        _entries.Where(e => e.Section == OptionsSection).Select(e => e.Setting).ToArray();
}
