using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace MiniOdooServer.ProcessModel.Signals;

/// <summary>
/// Turns POSIX signals into items of a queue. The handlers only enqueue; one loop reads the queue and acts
/// (and logs), as gunicorn's arbiter and nginx's master cycle do. The default action of each signal is suppressed.
/// </summary>
public sealed class SignalQueue : IDisposable
{
    // Odoo drops signals beyond five pending ones; a small bound keeps a signal storm from piling up work.
    private const int Capacity = 16;

    private readonly Channel<ProcessSignal> _channel = Channel.CreateBounded<ProcessSignal>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly List<PosixSignalRegistration> _registrations = [];

    public SignalQueue(params ProcessSignal[] signals)
    {
        foreach (var signal in signals)
        {
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)(int)signal, OnSignal));
        }
    }

    public ChannelReader<ProcessSignal> Reader => _channel.Reader;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _channel.Writer.TryWrite((ProcessSignal)(int)context.Signal);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _channel.Writer.TryComplete();
    }
}
