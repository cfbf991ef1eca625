using System.Collections.Concurrent;

namespace MiniOdooServer.App.Http.Diagnostics;

/// <summary>The requests being served right now, so that SIGQUIT can say what each one is doing.</summary>
public sealed class InFlightRequests(TimeProvider time)
{
    private readonly ConcurrentDictionary<long, InFlightRequest> _requests = new();
    private long _nextId;

    /// <returns>The request's id for <see cref="End"/>; ids start at 1.</returns>
    public long Begin(string method, string path)
    {
        var id = Interlocked.Increment(ref _nextId);
        _requests[id] = new InFlightRequest(method, path, time.GetUtcNow(), Environment.CurrentManagedThreadId);
        return id;
    }

    public void End(long id) => _requests.TryRemove(id, out _);

    public IReadOnlyList<InFlightRequest> Snapshot() => _requests.Values.OrderBy(r => r.Started).ToArray();

    /// <summary>One line per request, oldest first: what SIGQUIT writes to the log.</summary>
    public IReadOnlyList<string> Describe()
    {
        var now = time.GetUtcNow();
        return Snapshot()
            .Select(r => $"{r.Method} {r.Path} running for {(now - r.Started).TotalSeconds:0.000}s (thread {r.ThreadId})")
            .ToArray();
    }
}

/// <summary>A request being served: its method, path, start time and the thread it started on.</summary>
public sealed record InFlightRequest(string Method, string Path, DateTimeOffset Started, int ThreadId);
