namespace MiniOdooServer.Configuration.Ini;

/// <summary>One <c>[name]</c> section of a configuration file: its entries in file order, and the lines it spans.</summary>
public sealed class IniSection(string name, int firstLine)
{
    private readonly List<IniEntry> _entries = [];

    /// <summary>The name between the brackets, exactly as written: Python compares section names with case.</summary>
    public string Name { get; } = name;

    /// <summary>The line of the <c>[name]</c> header.</summary>
    public int FirstLine { get; } = firstLine;

    /// <summary>The last line before the next section's header, or the file's last line.</summary>
    public int LastLine { get; internal set; } = firstLine;

    public IReadOnlyList<IniEntry> Entries => _entries;

    public IniEntry? Find(string key) => _entries.Find(entry => entry.Key == key);

    internal void Set(IniEntry entry)
    {
        var index = _entries.FindIndex(existing => existing.Key == entry.Key);
        if (index < 0)
        {
            _entries.Add(entry);
        }
        else
        {
            _entries[index] = entry;
        }
    }
}
