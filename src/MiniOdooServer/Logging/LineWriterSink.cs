using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace MiniOdooServer.Logging;

/// <summary>
/// Writes batches of formatted lines to a stream, off the request path (Serilog's batching runs it on a background
/// task). A batch is formatted into one buffer and written with one call, so that lines from several processes
/// appending to one file never interleave mid-line.
/// </summary>
internal sealed class LineWriterSink(Stream destination, ITextFormatter formatter) : IBatchedLogEventSink, IDisposable
{
    private readonly StringWriter _text = new(new StringBuilder(4096));

    public Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        _text.GetStringBuilder().Clear();
        foreach (var logEvent in batch)
        {
            formatter.Format(logEvent, _text);
        }
        var bytes = Encoding.UTF8.GetBytes(_text.ToString());
        destination.Write(bytes);
        destination.Flush();
        return Task.CompletedTask;
    }

    public void Dispose() => destination.Dispose();
}
