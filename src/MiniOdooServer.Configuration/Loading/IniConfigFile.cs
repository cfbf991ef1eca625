using System.Text;
using Microsoft.Extensions.Configuration;
using MiniOdooServer.Configuration.Ini;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// An Odoo configuration file read as Odoo reads it (<see cref="RawConfigParser"/>): the <c>[options]</c> section as
/// raw settings, and every section for later layers (<c>[cron:…]</c>) through Microsoft.Extensions.Configuration.
/// </summary>
public sealed class IniConfigFile
{
    public const string OptionsSection = "options";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private IniConfigFile(string path, byte[] contents, IniDocument document, bool hasByteOrderMark)
    {
        Path = path;
        Contents = contents;
        Document = document;
        HasByteOrderMark = hasByteOrderMark;
        Root = new ConfigurationBuilder().AddInMemoryCollection(Flatten(document)).Build();
    }

    public string Path { get; }

    /// <summary>The bytes that were read: what a master hands its workers, so that they never read the file again.</summary>
    public byte[] Contents { get; }

    /// <summary>The file as Python reads it: sections, keys, values and their lines.</summary>
    public IniDocument Document { get; }

    /// <summary>The file starts with a UTF-8 byte-order mark, which mini-odoo skips and Odoo refuses.</summary>
    public bool HasByteOrderMark { get; }

    /// <summary>Every section but <c>[DEFAULT]</c> (whose keys each section inherits); keys are <c>section:key</c>, so <c>[cron:heartbeat]</c> reads as <c>cron:heartbeat:interval</c>.</summary>
    public IConfiguration Root { get; }

    private string Name => System.IO.Path.GetFileName(Path);

    /// <summary>Reads a file; an unreadable or malformed file raises a <see cref="ConfigurationError"/> naming each bad line.</summary>
    public static IniConfigFile Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationError(
                [$"The config file '{path}' selected with -c/--config doesn't exist or is not readable, use -s/--save if you want to generate it"]);
        }
        return Parse(path, bytes);
    }

    /// <summary>Parses the bytes of the file at <paramref name="path"/> as <see cref="Read"/> does, without reading it.</summary>
    public static IniConfigFile Parse(string path, byte[] bytes)
    {
        var name = System.IO.Path.GetFileName(path);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var line = 1 + bytes.AsSpan(0, Math.Clamp(e.Index, 0, bytes.Length)).Count((byte)'\n');
            throw new ConfigurationError([$"{name}, line {line}: not UTF-8 text: expected the file in UTF-8, as Odoo reads it"]);
        }
        var (document, problems) = RawConfigParser.Parse(text);
        if (problems.Count > 0)
        {
            throw new ConfigurationError(problems.Select(problem => $"{name}, line {problem.Line}: {problem.Message}").ToArray());
        }
        return new IniConfigFile(path, bytes, document, text.StartsWith('\uFEFF'));
    }

    /// <summary>
    /// What the file's shape tells: an error when it sets something but has no <c>[options]</c> section (Odoo would
    /// silently read none of it), a warning for a byte-order mark (Odoo cannot read the file at all).
    /// </summary>
    public void CheckLayout(ICollection<string> problems, ICollection<string> warnings)
    {
        var hasKeys = Document.Defaults.Entries.Count > 0 || Document.Sections.Any(section => section.Entries.Count > 0);
        if (hasKeys && Document.Find(OptionsSection) is null)
        {
            var nearMiss = Document.Sections.FirstOrDefault(s => s.Name.Trim().Equals(OptionsSection, StringComparison.OrdinalIgnoreCase));
            problems.Add($"{Name}: no [{OptionsSection}] section: expected the settings under a line [{OptionsSection}] " +
                         (nearMiss is null
                             ? "(without it, every option keeps its default, http_interface included)"
                             : $"([{nearMiss.Name}] on line {nearMiss.FirstLine} is another section: section names are exact, as in Odoo)"));
        }
        if (HasByteOrderMark)
        {
            warnings.Add($"{Name} starts with a byte-order mark, which Odoo cannot read (MissingSectionHeaderError); " +
                         "mini-odoo skips it. Save the file as UTF-8 without one (mini-odoo -s writes none)");
        }
    }

    /// <summary>The <c>[options]</c> settings (those of <c>[DEFAULT]</c> included, as Python's <c>items</c> gives them) in file order.</summary>
    public IReadOnlyList<SettingValue> Options() =>
        Document.Items(OptionsSection).Select(entry => new SettingValue(entry.Key, entry.Value, Name, entry.Line)).ToArray();

    private static Dictionary<string, string?> Flatten(IniDocument document)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in document.Sections)
        {
            foreach (var entry in document.Items(section.Name))
            {
                values[section.Name + ConfigurationPath.KeyDelimiter + entry.Key] = entry.Value;
            }
        }
        return values;
    }
}
