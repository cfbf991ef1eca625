using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// A slot's resident memory and CPU time (and, where given, its open connections), published at once and then every
/// second rather than per request. The longpolling worker records no request start or end in its slot (thousands are
/// open at once), so this timer is its slot's only writer; the threaded server's slot has a writer per request thread
/// too, so it hands its writers' lock (a slot's sequence allows one writer at a time).
/// </summary>
public sealed class SlotUsagePublisher : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly WorkerSlot _slot;
    private readonly Func<int>? _connections;
    private readonly Lock? _writers;
    private readonly ResidentMemoryProbe _memory = ResidentMemoryProbe.OfCurrentProcess();
    private readonly ITimer _timer;

    /// <param name="connections">The open connections to publish too; null publishes none.</param>
    /// <param name="writers">The lock the slot's other writers hold while they write; null when this is its only writer.</param>
    public SlotUsagePublisher(WorkerSlot slot, Func<int>? connections, TimeProvider time, Lock? writers = null)
    {
        _slot = slot;
        _connections = connections;
        _writers = writers;
        Publish();
        _timer = time.CreateTimer(_ => Publish(), null, Period, Period);
    }

    public void Publish()
    {
        try
        {
            // Read outside the writers' lock: the memory probe reads /proc.
            var connections = _connections?.Invoke();
            var rss = _memory.Read();
            var cpu = Environment.CpuUsage.TotalTime;
            if (_writers is null)
            {
                Write(connections, rss, cpu);
                return;
            }
            lock (_writers)
            {
                Write(connections, rss, cpu);
            }
        }
        catch (ObjectDisposedException)
        {
            // A last tick racing the process's exit.
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _memory.Dispose();
    }

    private void Write(int? connections, long residentBytes, TimeSpan cpu)
    {
        if (connections is { } open)
        {
            _slot.SetConnections(open);
        }
        _slot.SetUsage(residentBytes, cpu);
    }
}
