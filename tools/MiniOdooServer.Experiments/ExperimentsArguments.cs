using System.CommandLine;
using MiniOdooServer.Experiments.Sizing;

namespace MiniOdooServer.Experiments;

/// <summary>
/// What the command line asks for: the runner's options, sizing's, or an error. With none of them it asked for
/// <c>--help</c> or <c>--version</c>, which invoking <see cref="Result"/> prints.
/// </summary>
internal sealed record ExperimentsArguments(ParseResult Result, RunnerOptions? Runner, SizingOptions? Sizing, string? Error)
{
    /// <summary>
    /// The error as the one line for stderr, under the command it concerns; as the options are not printed with it,
    /// it says where they are listed.
    /// </summary>
    public string? ErrorLine =>
        Error is null ? null
        : Result.CommandResult.Command is RootCommand ? $"mini-odoo-experiments: {Error}; see --help"
        : $"mini-odoo-experiments {Result.CommandResult.Command.Name}: {Error}; see {Result.CommandResult.Command.Name} --help";
}
