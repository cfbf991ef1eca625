using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Parsing;

namespace MiniOdooServer.Logging;

/// <summary>
/// Odoo's log line: <c>2026-11-25 08:00:00,123 4242 INFO ? odoo.service.server: message</c> — UTC time with
/// milliseconds (Odoo sets TZ=UTC as it starts, whatever the host's zone), pid, level, database (<c>?</c>: none), logger
/// name. Text values are written as they are, not quoted, as Python's %-formatting does.
/// </summary>
internal sealed class OdooLogFormatter : ITextFormatter
{
    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss,fff";
    private const int TimestampLength = 23;

    private readonly string _pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        // Formatted in place: a string per line would be garbage on the access log's path.
        Span<char> stamp = stackalloc char[TimestampLength];
        logEvent.Timestamp.UtcDateTime.TryFormat(stamp, out var written, TimestampFormat, CultureInfo.InvariantCulture);
        output.Write(stamp[..written]);
        output.Write(' ');
        output.Write(_pid);
        output.Write(' ');
        output.Write(LevelName(logEvent.Level));
        output.Write(" ? ");
        output.Write(logEvent.Properties.TryGetValue("SourceContext", out var context) && context is ScalarValue { Value: string name }
            ? name
            : "root"); // Python's name for the logger without a name
        output.Write(": ");
        WriteMessage(logEvent, output);
        output.Write('\n');
        if (logEvent.Exception is { } exception)
        {
            output.Write(exception.ToString());
            output.Write('\n');
        }
    }

    public static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARNING",
        LogEventLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    private static void WriteMessage(LogEvent logEvent, TextWriter output)
    {
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            switch (token)
            {
                case TextToken text:
                    output.Write(text.Text);
                    break;
                case PropertyToken property when logEvent.Properties.TryGetValue(property.PropertyName, out var value):
                    if (value is ScalarValue { Value: string s })
                    {
                        output.Write(s);
                    }
                    else
                    {
                        value.Render(output, property.Format, CultureInfo.InvariantCulture);
                    }
                    break;
                case PropertyToken missing:
                    output.Write(missing.ToString());
                    break;
            }
        }
    }
}
