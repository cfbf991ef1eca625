namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// Memory that <c>/bench/alloc</c> takes and never gives back, so that the process's resident size grows as a
/// leaking Odoo worker's does (and memory limits can be exercised). Every page is written, so it is really resident.
/// </summary>
internal static class MemoryHoard
{
    public const int MiB = 1024 * 1024;
    private const int PageSize = 4096;

    private static readonly List<byte[]> Held = [];

    /// <summary>MiB held by this process so far.</summary>
    public static long HeldMebibytes
    {
        get
        {
            lock (Held)
            {
                return Held.Count;
            }
        }
    }

    /// <summary>Allocates <paramref name="mebibytes"/> MiB, touches every page and keeps it; returns the MiB now held.</summary>
    /// <exception cref="OutOfMemoryException">The memory could not be had; nothing of this call is kept.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled (a time limit); nothing of this call is kept.</exception>
    public static long Take(int mebibytes, CancellationToken cancellationToken = default)
    {
        var chunks = new List<byte[]>(mebibytes);
        for (var i = 0; i < mebibytes; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = GC.AllocateUninitializedArray<byte>(MiB);
            for (var offset = 0; offset < chunk.Length; offset += PageSize)
            {
                chunk[offset] = 1;
            }
            chunks.Add(chunk);
        }
        lock (Held)
        {
            Held.AddRange(chunks);
            return Held.Count;
        }
    }
}
