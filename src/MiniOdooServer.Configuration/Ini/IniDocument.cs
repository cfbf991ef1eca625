namespace MiniOdooServer.Configuration.Ini;

/// <summary>
/// A configuration file as Python's <c>RawConfigParser</c> reads it: its sections in file order, the
/// <c>[DEFAULT]</c> section whose keys every other section inherits, and the file's lines (to copy sections verbatim).
/// </summary>
public sealed class IniDocument(IReadOnlyList<IniSection> sections, IniSection defaults, IReadOnlyList<string> lines)
{
    /// <summary>The sections but <c>[DEFAULT]</c>, in file order.</summary>
    public IReadOnlyList<IniSection> Sections { get; } = sections;

    /// <summary>The <c>[DEFAULT]</c> section (empty when the file has none).</summary>
    public IniSection Defaults { get; } = defaults;

    /// <summary>The file's lines, without their line ends.</summary>
    public IReadOnlyList<string> Lines { get; } = lines;

    public IniSection? Find(string name) => Sections.FirstOrDefault(section => section.Name == name);

    /// <summary>
    /// What Python's <c>items(section)</c> gives: the <c>[DEFAULT]</c> entries the section does not set, then the section's
    /// own. Empty when the section does not exist.
    /// </summary>
    public IReadOnlyList<IniEntry> Items(string name)
    {
        if (Find(name) is not { } section)
        {
            return [];
        }
        var items = new List<IniEntry>(Defaults.Entries.Count + section.Entries.Count);
        foreach (var inherited in Defaults.Entries)
        {
            items.Add(section.Find(inherited.Key) ?? inherited);
        }
        items.AddRange(section.Entries.Where(entry => Defaults.Find(entry.Key) is null));
        return items;
    }
}
