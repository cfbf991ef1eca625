using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>A configuration that passed every check, with what the loader has to tell the log.</summary>
/// <param name="Options">The effective options.</param>
/// <param name="File">The configuration file that was read, if any: its other sections (<c>[cron:…]</c>), and every key <c>-s</c> keeps.</param>
/// <param name="Warnings">Lines to log once as warnings: deprecated aliases, keys mini-odoo does not use, values Odoo reads otherwise.</param>
public sealed record LoadedConfiguration(ServerOptions Options, IniConfigFile? File, IReadOnlyList<string> Warnings);
