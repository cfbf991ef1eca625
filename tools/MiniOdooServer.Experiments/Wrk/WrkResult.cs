namespace MiniOdooServer.Experiments.Wrk;

/// <summary>What one wrk run reports: requests done, over how long, the rate, mean latency, and everything that went wrong.</summary>
internal sealed record WrkResult(
    long Requests,
    double Seconds,
    double RequestsPerSecond,
    double LatencyAverageMs,
    long SocketErrors,
    long Non2xxResponses)
{
    /// <summary>True when every request got a 2xx or 3xx answer and no socket failed.</summary>
    public bool IsClean => SocketErrors == 0 && Non2xxResponses == 0;
}
