using MiniOdooServer.Configuration.Options;
using Microsoft.Extensions.Configuration;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>A configuration that passed every check, with what the loader has to tell the log.</summary>
/// <param name="Options">The effective options.</param>
/// <param name="File">The whole configuration file (other sections, e.g. <c>[cron:…]</c>), or an empty configuration.</param>
/// <param name="Warnings">Lines to log once as warnings: deprecated aliases, keys mini-odoo does not implement.</param>
public sealed record LoadedConfiguration(ServerOptions Options, IConfiguration File, IReadOnlyList<string> Warnings);
