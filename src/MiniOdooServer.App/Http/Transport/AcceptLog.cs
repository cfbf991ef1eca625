using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MiniOdooServer.App.Http.Diagnostics;

namespace MiniOdooServer.App.Http.Transport;

/// <summary>
/// What an accept loop says when it cannot take a connection: at most one line per kind every 10 s, since the
/// conditions that cause them (an exhausted descriptor table, a flood over the ceiling) repeat thousands of times a second.
/// </summary>
internal sealed class AcceptLog(ILogger log, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly ThrottledLog _paused = new(log, time, Interval);
    private readonly ThrottledLog _refused = new(log, time, Interval);

    public void Paused(SocketException e, int open) =>
        _paused.Warn($"Accept paused, retrying: {e.Message} ({e.SocketErrorCode}) with {open} connection(s) open");

    public void Refused(int capacity) =>
        _refused.Warn($"Connection refused: this process already holds {capacity} connections (worker_connections)");
}
