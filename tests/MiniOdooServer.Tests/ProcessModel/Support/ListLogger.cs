using Microsoft.Extensions.Logging;

namespace MiniOdooServer.Tests.ProcessModel.Support;

/// <summary>An ILogger that keeps every formatted entry, so that tests assert the exact texts and levels.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception)));

    public IEnumerable<string> Messages => Entries.Select(e => e.Message);

    public bool Has(LogLevel level, string message) => Entries.Contains((level, message));

    public int Count(string message) => Entries.Count(e => e.Message == message);
}
