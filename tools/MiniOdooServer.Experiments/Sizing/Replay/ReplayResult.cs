using HdrHistogram;

namespace MiniOdooServer.Experiments.Sizing.Replay;

/// <summary>
/// One replay's figures. Latencies (microseconds in <see cref="Latency"/>) run from each request's intended start, so a
/// server that falls behind shows its queue. <see cref="ClientLate"/> counts requests the client itself started more
/// than the tolerance late: if it is not small, the client, not the server, was the bottleneck.
/// </summary>
internal sealed record ReplayResult(
    int Sent,
    int Answered,
    int Errors,
    IReadOnlyDictionary<string, int> ErrorsByReason,
    HistogramBase Latency,
    TimeSpan Wall,
    int PeakInFlight,
    int OverLimit,
    int ClientLate,
    TimeSpan MaxClientLag,
    IReadOnlyDictionary<int, string> Processes,
    double SqlSeconds,
    double CpuSeconds)
{
    public double Throughput => Wall > TimeSpan.Zero ? Answered / Wall.TotalSeconds : 0;

    public TimeSpan Percentile(double percentile) =>
        Latency.TotalCount == 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds(Latency.GetValueAtPercentile(percentile));

    public TimeSpan Mean => Latency.TotalCount == 0 ? TimeSpan.Zero : TimeSpan.FromMicroseconds(Latency.GetMean());
}
