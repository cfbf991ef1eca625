using Microsoft.Extensions.Configuration;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// An Odoo-style INI file read through Microsoft.Extensions.Configuration's INI provider:
/// the <c>[options]</c> section as raw settings, and the whole file for sections of later layers (<c>[cron:…]</c>).
/// </summary>
public sealed class IniConfigFile
{
    public const string OptionsSection = "options";

    private IniConfigFile(string path, IConfigurationRoot root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }

    /// <summary>Every section of the file; keys are <c>section:key</c>, so <c>[cron:heartbeat]</c> reads as <c>cron:heartbeat:interval</c>.</summary>
    public IConfiguration Root { get; }

    /// <summary>Reads a file; an unreadable or malformed file raises a <see cref="ConfigurationError"/> naming it.</summary>
    public static IniConfigFile Read(string path)
    {
        try
        {
            // Read the bytes ourselves so that a missing or unreadable file gives one clear message, then hand the
            // text to the INI provider (it does the parsing: sections, comments, quoting).
            using var stream = new MemoryStream(File.ReadAllBytes(path));
            var root = new ConfigurationBuilder().AddIniStream(stream).Build();
            return new IniConfigFile(path, root);
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
