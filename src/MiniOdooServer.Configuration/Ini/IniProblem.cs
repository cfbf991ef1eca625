namespace MiniOdooServer.Configuration.Ini;

/// <summary>A line of a configuration file that Python's <c>RawConfigParser</c> refuses, and why, in words.</summary>
public sealed record IniProblem(int Line, string Message);
