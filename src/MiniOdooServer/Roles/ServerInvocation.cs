using MiniOdooServer.Configuration.Loading;

namespace MiniOdooServer.Roles;

/// <summary>How this process was started: its arguments (to re-read the configuration on SIGHUP) and what they said.</summary>
internal sealed record ServerInvocation(IReadOnlyList<string> Args, ParsedCommandLine CommandLine)
{
    /// <summary>Reads the configuration again from the same arguments, for a reload.</summary>
    public LoadedConfiguration Reload() => ServerOptionsLoader.Load(new CommandLineSyntax().Parse(Args));
}
