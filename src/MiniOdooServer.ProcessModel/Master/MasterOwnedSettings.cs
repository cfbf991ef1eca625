using MiniOdooServer.Configuration.Loading;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.ProcessModel.Master;

/// <summary>
/// The settings of the sockets a master binds once, at start: a reload cannot move them, and every worker takes them
/// from its master, not from the file (an HTTP worker hands websockets to gevent_port, a cron worker calls http_port).
/// </summary>
public static class MasterOwnedSettings
{
    private static readonly OptionDefinition[] Definitions =
        new[] { "http_interface", "http_port", "gevent_port", "listen_backlog" }.Select(key => OptionCatalog.Find(key)!).ToArray();

    /// <summary>True when <paramref name="next"/> would move a socket <paramref name="current"/> bound.</summary>
    public static bool Differ(ServerOptions next, ServerOptions current) =>
        Definitions.Any(definition => definition.FormatValue(next) != definition.FormatValue(current));

    /// <summary><paramref name="next"/> with the socket settings of <paramref name="current"/>.</summary>
    public static ServerOptions Keep(ServerOptions next, ServerOptions current)
    {
        foreach (var definition in Definitions)
        {
            if (!definition.TryApply(ref next, definition.FormatValue(current)))
            {
                throw new InvalidOperationException($"{definition.Key} = {definition.FormatValue(current)} does not read back");
            }
        }
        return next;
    }

    /// <summary>The settings as a worker applies them over its file and command line.</summary>
    public static IReadOnlyList<SettingValue> Of(ServerOptions options) =>
        Definitions.Select(d => new SettingValue(d.Key, d.FormatValue(options), InheritedConfiguration.MasterOrigin)).ToArray();
}
