using System.CommandLine;
using System.CommandLine.Parsing;

namespace MiniOdooServer.Experiments.Sizing;

/// <summary>
/// The <c>sizing</c> subcommand's options, with System.CommandLine: the log, the sweep's size (quick or full, speeds,
/// window, workers), the latency target, where the report goes and which binary serves. Values are checked as they
/// are parsed, so <see cref="ToOptions"/> only applies the defaults that depend on <c>--quick</c>.
/// </summary>
internal sealed class SizingCommandLine
{
    private readonly Option<string> _log = new("--log")
    {
        Description = "The Odoo log to size from (plain or .gz); required.",
        HelpName = "FILE",
    };

    private readonly Option<bool> _quick = new("--quick")
    {
        Description = "The reduced sweep: a 10 s window of the log, speeds 1 and 4, threaded + prefork 1/2/4 (< 3 min).",
        // A flag takes no value ("--quick false" would otherwise be read as a full sweep).
        Arity = ArgumentArity.Zero,
    };

    private readonly Option<IReadOnlyList<double>> _speeds = new("--speed")
    {
        Description = "Replay speeds, comma-separated (e.g. 1,2,4,8; default 1,4 quick, 1,2,4,8 full): time of the log compressed by each.",
        HelpName = "LIST",
        // One token holds the whole list, and --speed given twice is refused like any option (a list type would collect both).
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = SizingValueParsers.Speeds,
    };

    private readonly Option<TimeSpan?> _targetP95 = new("--target-p95")
    {
        Description = "The latency the answer must hold at p95 (default 1s; 500ms, 2s, ...).",
        HelpName = "TIME",
        CustomParser = SizingValueParsers.Latency,
    };

    private readonly Option<int?> _window = new("--window")
    {
        Description = "How much of the log to replay: its busiest window this wide (default 10 quick, 120 full).",
        HelpName = "SECONDS",
        CustomParser = WholeNumberParser.From1To(86_400),
    };

    private readonly Option<int?> _maxWorkers = new("--max-workers")
    {
        Description = "Prefork 1..K workers (K = 2, 4 or more: 1, 2, 3, 4, 6, 8, ... up to K; default 4 quick, 8 full).",
        HelpName = "K",
        CustomParser = WholeNumberParser.From1To(64),
    };

    private readonly Option<string> _output = new("--out")
    {
        Description = "Where report.md, sizing.csv and the charts go (default: experiments/sizing-<time>).",
        HelpName = "DIR",
    };

    private readonly Option<string> _binary = new("--binary")
    {
        Description = "The mini-odoo binary (default: MINI_ODOO_BIN, artifacts/native, then the build output).",
        HelpName = "PATH",
    };

    public SizingCommandLine()
    {
        Command = new Command(
            "sizing",
            "Size an Odoo deployment from its log: replay the log's busiest window against threaded and prefork mini-odoo " +
            "and write the answer, report.md, sizing.csv and charts. Exit 0 with an answer, 1 when the log cannot be sized, 2 on bad usage.")
        {
            _log, _quick, _speeds, _targetP95, _window, _maxWorkers, _output, _binary,
        };
        // Not Option.Required: its message ("Option '--log' is required.") would not say what the log is for.
        Command.Validators.Add(result =>
        {
            if (result.GetResult(_log) is null)
            {
                result.AddError("--log FILE is required: the Odoo log to size from");
            }
        });
    }

    public Command Command { get; }

    /// <summary>The options of an error-free parse that chose this command.</summary>
    public SizingOptions ToOptions(ParseResult result)
    {
        var quick = result.GetValue(_quick);
        return new SizingOptions(
            result.GetRequiredValue(_log),
            quick,
            result.GetValue(_speeds) ?? (quick ? [1, 4] : [1, 2, 4, 8]),
            result.GetValue(_targetP95) ?? TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(result.GetValue(_window) ?? (quick ? 10 : 120)),
            result.GetValue(_maxWorkers) ?? (quick ? 4 : 8),
            result.GetValue(_output),
            result.GetValue(_binary));
    }
}
