using Microsoft.Extensions.Configuration;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// An Odoo-style INI file read through Microsoft.Extensions.Configuration's INI provider:
/// the <c>[options]</c> section as raw settings, and the whole file for sections of later layers (<c>[cron:…]</c>).
/// </summary>
public sealed class IniConfigFile
{
    public const string OptionsSection = "options";

    private IniConfigFile(string path, IConfigurationRoot root, IniLayout layout)
    {
        Path = path;
        Root = root;
        Layout = layout;
    }

    public string Path { get; }

    /// <summary>Where the file's keys sit: whether it has an <c>[options]</c> section, which lines come before any section.</summary>
    public IniLayout Layout { get; }

    /// <summary>Every section of the file; keys are <c>section:key</c>, so <c>[cron:heartbeat]</c> reads as <c>cron:heartbeat:interval</c>.</summary>
    public IConfiguration Root { get; }

    /// <summary>Reads a file; an unreadable or malformed file raises a <see cref="ConfigurationError"/> naming it.</summary>
    public static IniConfigFile Read(string path)
    {
        try
        {
            // Read the bytes ourselves so that a missing or unreadable file gives one clear message, then hand the
            // text to the INI provider (it does the parsing: sections, comments, quoting).
            var bytes = File.ReadAllBytes(path);
            using var stream = new MemoryStream(bytes);
            var root = new ConfigurationBuilder().AddIniStream(stream).Build();
            return new IniConfigFile(path, root, IniLayout.Scan(System.Text.Encoding.UTF8.GetString(bytes), OptionsSection));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationError(
                [$"The config file '{path}' selected with -c/--config doesn't exist or is not readable, use -s/--save if you want to generate it"]);
        }
        catch (FormatException e)
        {
            // The INI provider stops at the first malformed line (a duplicate key, text that is not key = value).
            throw new ConfigurationError([$"{System.IO.Path.GetFileName(path)}: {e.Message.TrimEnd('.')}: expected each key once per section, as key = value"]);
        }
    }

    /// <summary>
    /// What the file's shape tells: an error when it sets something but has no <c>[options]</c> section (Odoo would
    /// read none of it either), a warning naming the lines of keys above every section (the INI provider ignores them
    /// for <c>[options]</c>; Odoo refuses such a file). An empty file, or one of comments only, is neither.
    /// </summary>
    public void CheckLayout(ICollection<string> problems, ICollection<string> warnings)
    {
        var name = System.IO.Path.GetFileName(Path);
        if (Layout.HasKeys && !Layout.HasOptionsSection)
        {
            problems.Add($"{name}: no [{OptionsSection}] section: expected the settings under a line [{OptionsSection}] " +
                         "(without it, every option keeps its default, http_interface included)");
        }
        if (Layout.KeyLinesBeforeAnySection.Count > 0)
        {
            warnings.Add($"{name}: {IniLayout.DescribeLines(Layout.KeyLinesBeforeAnySection)} before any section, ignored: " +
                         $"expected every setting under [{OptionsSection}]");
        }
    }

    /// <summary>The <c>[options]</c> settings in file order. The INI provider keeps the last of duplicate keys in a section.</summary>
    public IReadOnlyList<SettingValue> Options()
    {
        var origin = System.IO.Path.GetFileName(Path);
        return Root.GetSection(OptionsSection).GetChildren()
            .Where(child => child.Value is not null)
            .Select(child => new SettingValue(child.Key, child.Value!, origin))
            .ToArray();
    }
}
