namespace MiniOdooServer.Configuration.Values;

/// <summary>One word out of a fixed list.</summary>
public sealed class ChoiceSyntax(params string[] choices) : ValueSyntax<string>
{
    /// <summary>Odoo's <c>--log-level</c> choices.</summary>
    public static readonly ChoiceSyntax LogLevel = new(
        "info", "debug_rpc", "warn", "test", "critical", "runbot", "debug_sql", "error", "debug", "debug_rpc_answer", "notset");

    public override string Expected => "one of " + string.Join(", ", choices);

    public override bool TryParse(string text, out string value)
    {
        value = text;
        return choices.Contains(text, StringComparer.Ordinal);
    }

    public override string Format(string value) => value;
}
