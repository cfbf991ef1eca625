namespace MiniOdooServer.Configuration.Ini;

/// <summary>
/// Reads configuration text the way Python's <c>configparser.RawConfigParser()</c> does with its defaults — the
/// parser Odoo's configuration uses — so that a file means the same to mini-odoo as to Odoo, and a file Odoo refuses
/// is refused. Microsoft.Extensions.Configuration's INI provider reads a different language: it takes neither
/// <c>key: value</c> nor continuation lines, strips quotes, and compares keys without lower-casing them.
/// <list type="bullet">
/// <item>a section header is <c>[name]</c>, the name compared with case; <c>[DEFAULT]</c> gives its keys to every section;</item>
/// <item>an option is <c>key = value</c> or <c>key: value</c>, split at the first <c>=</c> or <c>:</c>; keys are lower-cased;
/// values are kept verbatim (quotes and inline <c>;</c> included), stripped of surrounding white space;</item>
/// <item>a line indented deeper than its option's line continues the value; blank lines inside a value are kept,
/// trailing ones dropped; a line starting with <c>#</c> or <c>;</c> (after white space) is a comment;</item>
/// <item>a key twice in a section, a section twice, a key above every section, a line without a separator: errors.</item>
/// </list>
/// Unlike Python, every refused line is reported, not only the first one, and a byte-order mark is skipped (the caller
/// warns about it: Odoo refuses such a file).
/// </summary>
public static class RawConfigParser
{
    public const string DefaultSection = "DEFAULT";

    public static (IniDocument Document, IReadOnlyList<IniProblem> Problems) Parse(string text)
    {
        var lines = SplitLines(text.StartsWith('\uFEFF') ? text[1..] : text);
        var sections = new List<IniSection>();
        var defaults = new IniSection(DefaultSection, 0);
        var problems = new List<IniProblem>();
        IniSection? section = null;
        Value? value = null;
        var indentLevel = 0;

        for (var index = 0; index < lines.Count; index++)
        {
            var number = index + 1;
            var raw = lines[index];
            var stripped = PythonText.Strip(raw);
            if (section is not null)
            {
                section.LastLine = number;
            }
            var isComment = stripped.StartsWith('#') || stripped.StartsWith(';');
            if (isComment || stripped.Length == 0)
            {
                // A blank line may belong to a value that continues below it; a comment line never does.
                if (!isComment && section is not null)
                {
                    value?.Parts.Add("");
                }
                continue;
            }
            var indent = PythonText.IndentOf(raw);
            if (section is not null && value is not null && indent > indentLevel)
            {
                value.Parts.Add(stripped);
                continue;
            }
            indentLevel = indent;
            Flush(value, section);
            value = null;

            if (SectionName(stripped) is { } name)
            {
                if (section is not null)
                {
                    section.LastLine = number - 1;
                }
                section = OpenSection(name, number, sections, defaults, problems);
                continue;
            }
            if (section is null)
            {
                problems.Add(new IniProblem(number,
                    $"'{stripped}' comes before any section: expected a section header such as [options] above it"));
                continue;
            }
            var separator = stripped.AsSpan().IndexOfAny('=', ':');
            if (separator < 0)
            {
                problems.Add(new IniProblem(number, $"'{stripped}' is not a setting: expected key = value (or key: value)"));
                continue;
            }
            var key = PythonText.Lower(PythonText.StripEnd(stripped[..separator]));
            if (key.Length == 0)
            {
                problems.Add(new IniProblem(number, $"'{stripped}' has no key before its '{stripped[separator]}': expected key = value"));
                continue;
            }
            if (section.Find(key) is { } earlier)
            {
                problems.Add(new IniProblem(number,
                    $"{key} is set again in [{section.Name}] (first on line {earlier.Line}): expected each key once per section"));
            }
            value = new Value(key, number, [PythonText.Strip(stripped[(separator + 1)..])]);
        }
        Flush(value, section);
        return (new IniDocument(sections, defaults, lines), problems);
    }

    /// <summary>The name of a <c>[name]</c> header: from the first '[' to the last ']', as Python's greedy pattern matches.</summary>
    private static string? SectionName(string stripped)
    {
        var close = stripped.LastIndexOf(']');
        return stripped[0] == '[' && close > 1 ? stripped[1..close] : null;
    }

    private static IniSection OpenSection(
        string name, int line, List<IniSection> sections, IniSection defaults, List<IniProblem> problems)
    {
        if (name == DefaultSection)
        {
            // Python lets [DEFAULT] appear more than once; its keys are still checked for duplicates.
            return defaults;
        }
        if (sections.Find(s => s.Name == name) is { } existing)
        {
            problems.Add(new IniProblem(line, $"section [{name}] appears again (first on line {existing.FirstLine}): expected each section once"));
            return existing;
        }
        var section = new IniSection(name, line);
        sections.Add(section);
        return section;
    }

    private static void Flush(Value? value, IniSection? section)
    {
        if (value is not null && section is not null)
        {
            // Continuation lines join with newlines; trailing blank lines (and white space) are not part of the value.
            section.Set(new IniEntry(value.Key, PythonText.StripEnd(string.Join('\n', value.Parts)), value.Line));
        }
    }

    /// <summary>Python's universal newlines: <c>\r\n</c>, <c>\r</c> and <c>\n</c> end a line; nothing else does.</summary>
    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' or '\r')
            {
                lines.Add(text[start..i]);
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }
        return lines;
    }

    /// <summary>The option being read, while continuation lines may still extend its value.</summary>
    private sealed record Value(string Key, int Line, List<string> Parts);
}
