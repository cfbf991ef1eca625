namespace MiniOdooServer.Configuration.Ini;

/// <summary>One <c>key = value</c> of a section: the key lower-cased and the value joined over its continuation lines, as Python reads them.</summary>
/// <param name="Key">The key, lower-cased (Python's <c>optionxform</c>).</param>
/// <param name="Value">The value verbatim, quotes included, its continuation lines joined with a newline.</param>
/// <param name="Line">The line of the key, counted from 1.</param>
public sealed record IniEntry(string Key, string Value, int Line);
