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
        : this(null, signals)
    {
    }

    /// <summary>Forwards each signal to <paramref name="target"/> (which must only enqueue) instead of the queue's own reader.</summary>
    public SignalQueue(Action<ProcessSignal>? target, params ProcessSignal[] signals)
    {
        _target = target;
        foreach (var signal in signals)
        {
            _registrations.Add(PosixSignalRegistration.Create((PosixSignal)(int)signal, OnSignal));
        }
    }

    private readonly Action<ProcessSignal>? _target;

    public ChannelReader<ProcessSignal> Reader => _channel.Reader;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        var signal = (ProcessSignal)(int)context.Signal;
        if (_target is not null)
        {
            _target(signal);
        }
        else
        {
            _channel.Writer.TryWrite(signal);
        }
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
