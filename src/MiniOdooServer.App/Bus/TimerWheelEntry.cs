namespace MiniOdooServer.App.Bus;

/// <summary>One deadline of a <see cref="TimerWheel"/>; disposing it before it is due cancels it.</summary>
public sealed class TimerWheelEntry : IDisposable
{
    private readonly TimerWheel _wheel;
    private readonly Action<object?> _callback;
    private readonly object? _state;

    internal TimerWheelEntry(TimerWheel wheel, Action<object?> callback, object? state)
    {
        _wheel = wheel;
        _callback = callback;
        _state = state;
    }

    /// <summary>The wheel's bucket; set under the wheel's lock.</summary>
    internal long Slot { get; set; }

    internal void Run() => _callback(_state);

    public void Dispose() => _wheel.Cancel(this);
}
