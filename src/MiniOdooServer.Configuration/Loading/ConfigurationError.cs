namespace MiniOdooServer.Configuration.Loading;

/// <summary>The configuration cannot be used; <see cref="Problems"/> lists every reason at once, one per line.</summary>
public sealed class ConfigurationError(IReadOnlyList<string> problems)
    : Exception("invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
