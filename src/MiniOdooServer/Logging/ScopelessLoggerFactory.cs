using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MiniOdooServer.Logging;

/// <summary>
/// The process's <see cref="ILoggerFactory"/> over Serilog's. Serilog's factory builds a new logger, with its own
/// caches, at every <c>CreateLogger</c>, and keeps an async-local scope for every <c>BeginScope</c>: ASP.NET Core opens
/// two per connection (Kestrel's connection, the hosting request), which a longpolling worker holds for as long as
/// each of its thousands of idle connections lives. Odoo's line format shows no scope, so scopes are dropped and each
/// category's logger is built once.
/// </summary>
internal sealed class ScopelessLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, factory) => new ScopelessLogger(factory.CreateLogger(name)), inner);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}
