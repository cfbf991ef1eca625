using System.CommandLine;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>What the command line said: option values (still text), actions, and parse errors.</summary>
public sealed record ParsedCommandLine(
    ParseResult Result,
    IReadOnlyList<SettingValue> Settings,
    string? ConfigPath,
    bool Save,
    bool StopAfterInit,
    string? Role,
    bool Status,
    IReadOnlyList<string> Errors);
