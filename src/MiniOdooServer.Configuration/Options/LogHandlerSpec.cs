namespace MiniOdooServer.Configuration.Options;

/// <summary>One <c>--log-handler PREFIX:LEVEL</c>: loggers whose name starts with the prefix log at that level.</summary>
public sealed record LogHandlerSpec(string Prefix, string Level)
{
    public override string ToString() => $"{Prefix}:{Level}";
}
