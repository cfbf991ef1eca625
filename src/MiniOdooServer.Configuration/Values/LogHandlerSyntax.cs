using MiniOdooServer.Configuration.Options;

namespace MiniOdooServer.Configuration.Values;

/// <summary>One <c>PREFIX:LEVEL</c> log handler, e.g. <c>werkzeug:WARNING</c> or <c>:DEBUG</c>.</summary>
public sealed class LogHandlerSyntax : ValueSyntax<LogHandlerSpec>
{
    public static readonly LogHandlerSyntax Instance = new();

    /// <summary>The level names Python's logging knows, and Odoo's RUNBOT (25), which Odoo's <c>--log-handler</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Levels = ["DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "NOTSET", "FATAL", "RUNBOT"];

    public override string Expected => "PREFIX:LEVEL with LEVEL one of " + string.Join(", ", Levels);

    public override bool TryParse(string text, out LogHandlerSpec value)
    {
        var colon = text.LastIndexOf(':');
        var level = colon < 0 ? "" : text[(colon + 1)..].ToUpperInvariant();
        value = new LogHandlerSpec(colon < 0 ? "" : text[..colon], level);
        return colon >= 0 && Levels.Contains(level);
    }

    public override string Format(LogHandlerSpec value) => value.ToString();
}
