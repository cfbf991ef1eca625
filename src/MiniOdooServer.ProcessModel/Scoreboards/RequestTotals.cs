namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>A managed copy of <see cref="RequestCounters"/>, summed over any number of blocks.</summary>
public sealed class RequestTotals
{
    /// <summary>Index <c>module * StatusClasses + class</c>.</summary>
    public long[] Requests { get; } = new long[RequestCounters.ModuleCapacity * RequestCounters.StatusClasses];

    /// <summary>Per bucket, not cumulative; the last one is above every bound.</summary>
    public long[] BucketCounts { get; } = new long[RequestCounters.BucketCount];

    public long[] BucketSumsMicroseconds { get; } = new long[RequestCounters.BucketCount];

    public long BusMessagesPublished { get; set; }

    /// <summary>Complete requests that waited for their worker's slot behind another request.</summary>
    public long RequestsQueued { get; set; }

    public long RequestCount(int module, int statusClass) => Requests[module * RequestCounters.StatusClasses + statusClass];

    public long TotalRequests => Requests.Sum();
}
