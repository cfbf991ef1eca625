using MiniOdooServer.Configuration.Loading;

namespace MiniOdooServer.Roles;

/// <summary>How this process was started: its arguments, to read the configuration again on SIGHUP.</summary>
internal sealed record ServerInvocation(IReadOnlyList<string> Args)
{
    /// <summary>Reads the configuration again from the same arguments, for a reload.</summary>
    public LoadedConfiguration Reload()
    {
        var configuration = ServerOptionsLoader.Load(new CommandLineSyntax().Parse(Args));
        DataDirectoryProbe.ThrowIfUnusable(configuration.Options);
        return configuration;
    }
}
