using System.CommandLine;
using System.CommandLine.Parsing;
using MiniOdooServer.Experiments.Matrix;
using MiniOdooServer.Experiments.Sizing;

namespace MiniOdooServer.Experiments;

/// <summary>
/// The runner's command line, with System.CommandLine: the runner's options on the root command and the
/// <c>sizing</c> verb as its subcommand (<see cref="SizingCommandLine"/>), so that one <c>--help</c> lists both.
/// Values are checked as they are parsed (custom parsers, no reflection), and the first error is the one reported.
/// </summary>
internal sealed class ExperimentsCommandLine
{
    private readonly Option<bool> _quick = new("--quick")
    {
        Description = "The reduced matrix (default): under 2 minutes.",
        // A flag takes no value (System.CommandLine would otherwise accept "--quick false" and "--full false").
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<bool> _full = new("--full")
    {
        Description = "Workers 0/1/2/4 x gil off/on x cpu/io/mixed x c=2/4/16/64, 3 runs of 3 s (~15 min).",
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<string> _output = new("--out")
    {
        Description = "Where results.csv, results.md and chart.png go (default: a new folder experiments/<matrix>-<UTC time>, git-ignored; printed at the end).",
        HelpName = "DIR",
    };

    private readonly Option<bool> _updateReadmeFigures = new("--update-readme-figures")
    {
        Description = "Also copy them to bench/results/<matrix>/, the figures docs/experiments.md shows.",
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<string> _binary = new("--binary")
    {
        Description = "The mini-odoo binary (default: MINI_ODOO_BIN, artifacts/native, then the build output).",
        HelpName = "PATH",
    };

    private readonly Option<string> _wrk = new("--wrk")
    {
        Description = "The wrk binary (a bare name is looked up on PATH).",
        HelpName = "PATH",
        DefaultValueFactory = _ => "wrk",
    };

    private readonly Option<int?> _duration = new("--duration")
    {
        Description = "Seconds per run (overrides the matrix).",
        HelpName = "SECONDS",
        CustomParser = WholeNumberParser.From1To(3600),
    };

    private readonly Option<int?> _repeats = new("--repeats")
    {
        Description = "Runs per point (overrides the matrix).",
        HelpName = "N",
        CustomParser = WholeNumberParser.From1To(3600),
    };

    private readonly SizingCommandLine _sizing = new();

    public ExperimentsCommandLine()
    {
        Root = new RootCommand(
            "The experiment runner: drives the mini-odoo binary with wrk over a matrix of configurations and writes " +
            "results.csv, results.md and chart.png. Run it as `dotnet run --project tools/MiniOdooServer.Experiments -c Release -- " +
            "[options]`. Exit 0 when both claims hold, 1 when one does not, 2 on bad usage, 3 when one could not be measured.")
        {
            _quick, _full, _output, _updateReadmeFigures, _binary, _wrk, _duration, _repeats, _sizing.Command,
        };
        // The two matrices are alternatives: naming both is a mistake, not a choice of the last one.
        Root.Validators.Add(result =>
        {
            if (result.GetResult(_quick) is not null && result.GetResult(_full) is not null)
            {
                result.AddError("--quick and --full are alternatives: give one");
            }
        });
        // The runner's options before `sizing` would be parsed and then ignored: refuse them instead.
        _sizing.Command.Validators.Add(result =>
        {
            if (result.Parent is CommandResult runner &&
                runner.Children.OfType<OptionResult>().FirstOrDefault(o => !o.Implicit) is { } given)
            {
                result.AddError($"{given.Option.Name} is the runner's option, not sizing's: sizing's options go after 'sizing'");
            }
        });
        // Program runs the matrix itself; without an action, a root that has a subcommand would demand it.
        Root.SetAction(_ => 0);
    }

    public RootCommand Root { get; }

    public ExperimentsArguments Parse(IReadOnlyList<string> args)
    {
        var result = Root.Parse(args);
        if (result.Errors.Count > 0)
        {
            // One line: the first error is the one to fix first (one bad token can cause more).
            var message = result.Errors[0].Message;
            return new ExperimentsArguments(result, null, null, message.EndsWith('.') ? message[..^1] : message);
        }
        if (result.Action is not null && result.Action != result.CommandResult.Command.Action)
        {
            // --help or --version: invoking the result prints it.
            return new ExperimentsArguments(result, null, null, null);
        }
        return result.CommandResult.Command == _sizing.Command
            ? new ExperimentsArguments(result, null, _sizing.ToOptions(result), null)
            : new ExperimentsArguments(result, ToRunnerOptions(result), null, null);
    }

    private RunnerOptions ToRunnerOptions(ParseResult result)
    {
        var name = result.GetValue(_full) ? "full" : "quick";
        var matrix = name == "full" ? ExperimentMatrix.Full : ExperimentMatrix.Quick;
        matrix = matrix with
        {
            Duration = result.GetValue(_duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : matrix.Duration,
            Repeats = result.GetValue(_repeats) ?? matrix.Repeats,
        };
        return new RunnerOptions(name, matrix, result.GetValue(_output), result.GetValue(_binary), result.GetRequiredValue(_wrk))
        {
            UpdateReadmeFigures = result.GetValue(_updateReadmeFigures),
        };
    }
}
