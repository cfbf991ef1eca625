namespace MiniOdooServer.App.Bus;

/// <summary>
/// Wakes the subscribers a scan found, in chunks of <see cref="ChunkSize"/>: one thread-pool item per chunk runs
/// each subscriber's continuation in turn on its own thread (<see cref="BusSubscription.Wake"/>), up to the answer's
/// write, instead of one item, one dispatch and one execution-context switch per subscriber. Chunks keep a broadcast
/// spread over every pool thread and leave room between them for the process's other work. The subscribers are
/// copied out of the registry under its lock and woken after it is released: a woken long-poll unsubscribes at once.
/// </summary>
internal sealed class BusFanOut : IThreadPoolWorkItem
{
    public const int ChunkSize = 64;

    private readonly BusBatch _batch;
    private readonly BusSubscription[] _subscribers = new BusSubscription[ChunkSize];
    private int _count;

    private BusFanOut(BusBatch batch)
    {
        _batch = batch;
    }

    /// <summary>Collects the subscribers of one scan, then <see cref="Start"/> wakes them.</summary>
    internal sealed class Builder(BusBatch batch)
    {
        private readonly List<BusFanOut> _chunks = [];
        private BusFanOut? _current;

        public void Add(BusSubscription subscription)
        {
            if (_current is null || _current._count == ChunkSize)
            {
                _chunks.Add(_current = new BusFanOut(batch));
            }
            _current._subscribers[_current._count++] = subscription;
        }

        /// <summary>Queues every chunk to the thread pool.</summary>
        public void Start()
        {
            foreach (var chunk in _chunks)
            {
                ThreadPool.UnsafeQueueUserWorkItem(chunk, preferLocal: false);
            }
        }
    }

    public void Execute()
    {
        for (var i = 0; i < _count; i++)
        {
            _subscribers[i].Wake(_batch);
        }
    }
}
