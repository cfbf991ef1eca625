using System.CommandLine;
using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Configuration.Loading;

/// <summary>
/// The command line, built from <see cref="OptionCatalog"/> with System.CommandLine: Odoo's flags, plus the actions
/// that are not options (<c>-c</c>, <c>-s</c>, <c>--stop-after-init</c>) and the hidden role of a worker process.
/// Every value is taken as text here and converted by the same code as file values, so both give the same errors.
/// </summary>
public sealed class CommandLineSyntax
{
    private readonly Dictionary<OptionDefinition, Option> _byDefinition = [];
    private readonly Option<string> _config = new("--config", "-c") { Description = "Specify an alternate config file.", HelpName = "FILE" };
    private readonly Option<bool> _save = new("--save", "-s") { Description = "Save the effective configuration to the config file and continue." };
    private readonly Option<bool> _stopAfterInit = new("--stop-after-init") { Description = "Read and check the configuration, then stop without serving." };
    private readonly Option<string> _role = new("--role") { Hidden = true, Description = "Internal: the role of a process the master started." };
    private readonly Command _status = new("status", "Print the worker table of the running server, found through its pidfile.");

    public CommandLineSyntax()
    {
        Root = new RootCommand(
            "mini-odoo: Odoo's HTTP server process model (threaded server, or a prefork master with HTTP, cron and longpolling workers).");
        Root.Options.Add(_config);
        Root.Options.Add(_save);
        Root.Options.Add(_stopAfterInit);
        Root.Options.Add(_role);
        // `mini-odoo status -c FILE` (or --pidfile) reads the same options as the server it looks at.
        Root.Subcommands.Add(_status);
        // Actions that do nothing: Program runs the server or the status itself. Without one, a root that has a
        // subcommand would demand it.
        Root.SetAction(_ => 0);
        _status.SetAction(_ => 0);
        var defaults = new ServerOptions();
        foreach (var definition in OptionCatalog.All.Where(d => d.Flags.Count > 0))
        {
            var option = Create(definition, defaults);
            _byDefinition.Add(definition, option);
            Root.Options.Add(option);
        }
        foreach (var option in Root.Options)
        {
            option.Recursive = true;
        }
    }

    public RootCommand Root { get; }

    public ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        var result = Root.Parse(args);
        var settings = new List<SettingValue>();
        foreach (var (definition, option) in _byDefinition)
        {
            var optionResult = result.GetResult(option);
            if (optionResult is null || optionResult.Implicit)
            {
                continue;
            }
            var flag = optionResult.IdentifierToken?.Value ?? definition.Flags[0];
            if (definition.SwitchValue is { } switchValue)
            {
                if (result.GetValue((Option<bool>)option))
                {
                    settings.Add(new SettingValue(definition.Key, switchValue, flag));
                }
                continue;
            }
            var texts = optionResult.Tokens.Select(t => t.Value).ToList();
            settings.Add(new SettingValue(definition.Key, string.Join(",", texts), flag));
        }
        return new ParsedCommandLine(
            result,
            settings,
            result.GetValue(_config),
            result.GetValue(_save),
            result.GetValue(_stopAfterInit),
            result.GetValue(_role),
            result.CommandResult.Command == _status,
            result.Errors.Select(e => e.Message).ToArray());
    }

    private static Option Create(OptionDefinition definition, ServerOptions defaults)
    {
        var name = definition.Flags[0];
        var aliases = definition.Flags.Skip(1).ToArray();
        if (definition.SwitchValue is not null)
        {
            return new Option<bool>(name, aliases) { Description = $"{definition.Description} [key: {definition.Key} = {definition.SwitchValue}]" };
        }
        var description = $"{definition.Description} [key: {definition.Key}, default: {DefaultText(definition, defaults)}]";
        if (definition.Repeatable)
        {
            return new Option<string[]>(name, aliases) { Description = description, HelpName = "VALUE", AllowMultipleArgumentsPerToken = false };
        }
        return new Option<string>(name, aliases)
        {
            Description = description,
            HelpName = definition.Key.ToUpperInvariant(),
            Hidden = definition.Hidden,
        };
    }

    private static string DefaultText(OptionDefinition definition, ServerOptions defaults)
    {
        var text = definition.FormatValue(defaults);
        return text.Length == 0 ? "''" : text;
    }

    /// <summary>True when the parse asked for <c>--help</c> or <c>--version</c>: invoking it prints and returns 0.</summary>
    public static bool IsInformational(ParseResult result) =>
        // Any action other than the command's own (which does nothing) on an error-free parse is help's or version's.
        result.Errors.Count == 0 && result.Action is not null && result.Action != result.CommandResult.Command.Action;
}
