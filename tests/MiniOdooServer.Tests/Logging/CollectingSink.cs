using Serilog.Core;
using Serilog.Events;

namespace MiniOdooServer.Tests.Logging;

/// <summary>Keeps every event a logger lets through, for assertions.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    public List<LogEvent> Events { get; } = [];

    public void Emit(LogEvent logEvent) => Events.Add(logEvent);
}
