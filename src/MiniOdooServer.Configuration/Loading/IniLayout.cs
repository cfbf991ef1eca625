namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// Where a file's keys sit, read with the INI provider's own rules (blank lines and lines starting with ';', '#' or
/// '/' skipped, a section line is <c>[name]</c>, section names compared without case). The provider gives keys but
/// no line numbers, and reads keys before any section as top-level keys that <c>[options]</c> never sees: a file
/// without the section, or with its settings above it, would silently run on every default.
/// </summary>
public sealed record IniLayout(bool HasOptionsSection, bool HasKeys, IReadOnlyList<int> KeyLinesBeforeAnySection)
{
    public static IniLayout Scan(string text, string optionsSection)
    {
        var hasOptions = false;
        var hasKeys = false;
        var inSection = false;
        var before = new List<int>();
        // A byte order mark is not part of the first line (--save writes one, as the INI provider's reader skips it).
        var lines = text.TrimStart('\uFEFF').Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0 || line[0] is ';' or '#' or '/')
            {
                continue;
            }
            if (line[0] == '[' && line[^1] == ']')
            {
                inSection = true;
                hasOptions |= line[1..^1].Trim().Equals(optionsSection, StringComparison.OrdinalIgnoreCase);
                continue;
            }
            hasKeys = true;
            if (!inSection)
            {
                before.Add(index + 1);
            }
        }
        return new IniLayout(hasOptions, hasKeys, before);
    }

    /// <summary>The lines as a message names them: "line 3" or "lines 1, 2, 5".</summary>
    public static string DescribeLines(IReadOnlyList<int> lines) =>
        (lines.Count == 1 ? "line " : "lines ") + string.Join(", ", lines);
}
