using MiniOdooServer.ProcessModel.Status;
using MiniOdooServer.ProcessModel.Workers;

namespace MiniOdooServer.Status;

/// <summary>
/// The longpolling worker's slot, refreshed every second: its open connections, resident memory and CPU time. It
/// records no request start or end there (thousands are open at once), so a timer is the slot's only writer.
/// </summary>
internal sealed class SlotUsagePublisher : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly WorkerSlot _slot;
    private readonly Func<int> _connections;
    private readonly ResidentMemoryProbe _memory = ResidentMemoryProbe.OfCurrentProcess();
    private readonly ITimer _timer;

    public SlotUsagePublisher(WorkerSlot slot, Func<int> connections, TimeProvider time)
    {
        _slot = slot;
        _connections = connections;
        _timer = time.CreateTimer(_ => Publish(), null, TimeSpan.Zero, Period);
    }

    public void Publish()
    {
        try
        {
            _slot.SetConnections(_connections());
            _slot.SetUsage(_memory.Read(), Environment.CpuUsage.TotalTime);
        }
        catch (ObjectDisposedException)
        {
            // A last tick racing the worker's exit.
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _memory.Dispose();
    }
}
