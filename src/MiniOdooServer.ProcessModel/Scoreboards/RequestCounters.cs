using System.Runtime.CompilerServices;

namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// Counters of requests in shared memory: by route module × status class, and a duration histogram with fixed
/// buckets (a count and a sum per bucket). A worker adds to its own slot's block; the master folds a dead worker's
/// block into the board's retired block before the slot is reused, so totals never reset or split on a recycle.
/// A request costs three atomic adds and no system call; atomic because the longpolling worker and the threaded
/// server record from several threads at once (uncontended, each is a few nanoseconds).
/// </summary>
public readonly unsafe struct RequestCounters
{
    /// <summary>Route modules counted apart (the App numbers its modules below this).</summary>
    public const int ModuleCapacity = 6;

    /// <summary>1xx … 5xx.</summary>
    public const int StatusClasses = 5;

    public const int Size = 512;

    /// <summary>
    /// Upper bounds of the duration buckets, in microseconds (Prometheus' <c>le</c>); a last bucket takes the rest.
    /// From a 1 ms health check to a minute-long report or long-poll.
    /// </summary>
    public static readonly long[] BucketBoundsMicroseconds =
        [1_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 10_000_000, 60_000_000];

    public static int BucketCount => BucketBoundsMicroseconds.Length + 1;

    private const int RequestsOffset = 0;
    private const int BucketCountsOffset = RequestsOffset + ModuleCapacity * StatusClasses * 8; // 240
    private const int BucketSumsOffset = BucketCountsOffset + 16 * 8; // room for 16 buckets
    private const int BusPublishedOffset = BucketSumsOffset + 16 * 8;
    private const int QueuedOffset = BusPublishedOffset + 8;

    private readonly byte* _block;

    internal RequestCounters(byte* block)
    {
        _block = block;
    }

    /// <summary>A request ended: its route module (0 … <see cref="ModuleCapacity"/> - 1), status code and duration.</summary>
    public void Record(int module, int statusCode, long elapsedMicroseconds)
    {
        Interlocked.Increment(ref Cell(RequestsOffset, Math.Clamp(module, 0, ModuleCapacity - 1) * StatusClasses + ClassOf(statusCode)));
        var bucket = BucketOf(elapsedMicroseconds);
        Interlocked.Increment(ref Cell(BucketCountsOffset, bucket));
        Interlocked.Add(ref Cell(BucketSumsOffset, bucket), Math.Max(elapsedMicroseconds, 0));
    }

    public void BusMessagePublished() => Interlocked.Increment(ref Cell(BusPublishedOffset, 0));

    /// <summary>A complete request waited for its worker's slot behind another request.</summary>
    public void RequestQueued() => Interlocked.Increment(ref Cell(QueuedOffset, 0));

    /// <summary>0 for 1xx … 4 for 5xx; anything else counts as 5xx (a broken answer).</summary>
    public static int ClassOf(int statusCode) => statusCode is >= 100 and < 600 ? statusCode / 100 - 1 : 4;

    public static int BucketOf(long elapsedMicroseconds)
    {
        var bounds = BucketBoundsMicroseconds;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (elapsedMicroseconds <= bounds[i])
            {
                return i;
            }
        }
        return bounds.Length;
    }

    /// <summary>Adds every counter of this block to <paramref name="target"/> (the master folding a dead worker's block).</summary>
    public void AddTo(RequestCounters target)
    {
        for (var offset = 0; offset < Size; offset += 8)
        {
            Unsafe.AsRef<long>(target._block + offset) += Volatile.Read(ref Unsafe.AsRef<long>(_block + offset));
        }
    }

    public void Clear() => new Span<byte>(_block, Size).Clear();

    /// <summary>A copy, added to <paramref name="totals"/>.</summary>
    public void AddTo(RequestTotals totals)
    {
        for (var i = 0; i < totals.Requests.Length; i++)
        {
            totals.Requests[i] += Volatile.Read(ref Cell(RequestsOffset, i));
        }
        for (var i = 0; i < BucketCount; i++)
        {
            totals.BucketCounts[i] += Volatile.Read(ref Cell(BucketCountsOffset, i));
            totals.BucketSumsMicroseconds[i] += Volatile.Read(ref Cell(BucketSumsOffset, i));
        }
        totals.BusMessagesPublished += Volatile.Read(ref Cell(BusPublishedOffset, 0));
        totals.RequestsQueued += Volatile.Read(ref Cell(QueuedOffset, 0));
    }

    private ref long Cell(int offset, int index) => ref Unsafe.AsRef<long>(_block + offset + index * 8);
}
