using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// <c>limit_time_cpu</c> as Odoo enforces it: the soft RLIMIT_CPU is set to the CPU time used so far plus the limit,
/// so the kernel sends SIGXCPU when one request burns more. A worker serves one request at a time, so the process's
/// CPU time is the request's. Outside requests the limit is lifted, so that an idle worker's own housekeeping can
/// never reach it.
/// <para>
/// Without an idle timer (cron jobs, rare) the limit is set before and lifted after each one: exact. With one (HTTP
/// requests, thousands a second) a limit already in place is kept while it still leaves a whole budget — it is set a
/// second beyond, as Odoo's whole-second rlimit is coarse too — so one request in thousands pays for setrlimit, and
/// the timer lifts it once the worker has been idle at a tick: each request still gets between the limit and the
/// limit plus two seconds.
/// </para>
/// </summary>
public sealed class CpuTimeLimit : IDisposable
{
    private const ulong Unlimited = ulong.MaxValue;

    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(1);

    private readonly int _seconds;
    private readonly Func<TimeSpan> _used;
    private readonly Action<ulong> _setSoft;
    private readonly ITimer? _idleTimer;
    private readonly Lock _lock = new();
    private ulong _soft = Unlimited;
    private bool _inRequest;

    /// <param name="idleTime">Amortise as described above, lifting the limit on this clock's ticks; null: set and lift every time.</param>
    public CpuTimeLimit(int seconds, TimeProvider? idleTime = null)
        : this(seconds, () => Environment.CpuUsage.TotalTime, NativeSoftLimit(seconds), idleTime)
    {
    }

    internal CpuTimeLimit(int seconds, Func<TimeSpan> used, Action<ulong> setSoft, TimeProvider? idleTime)
    {
        _seconds = seconds;
        _used = used;
        _setSoft = setSoft;
        if (seconds > 0 && idleTime is not null)
        {
            _idleTimer = idleTime.CreateTimer(_ => LiftIfIdle(), null, IdleCheck, IdleCheck);
        }
    }

    public int Seconds => _seconds;

    /// <summary>The process's CPU time when the last request started.</summary>
    public TimeSpan UsedAtLastArm { get; private set; }

    /// <summary>Before a request.</summary>
    public void Arm()
    {
        var used = _used();
        lock (_lock)
        {
            _inRequest = true;
            UsedAtLastArm = used;
            if (_seconds <= 0 || (_idleTimer is not null && _soft != Unlimited && _soft - used.TotalSeconds >= _seconds))
            {
                return;
            }
            // Whole seconds, rounded up: never less than the limit left for this request.
            var soft = (ulong)Math.Ceiling(used.TotalSeconds) + (ulong)_seconds + (_idleTimer is null ? 0UL : 1UL);
            Set(soft);
        }
    }

    /// <summary>After a request.</summary>
    public void Disarm()
    {
        lock (_lock)
        {
            _inRequest = false;
            if (_idleTimer is null && _soft != Unlimited)
            {
                Set(Unlimited);
            }
        }
    }

    public void Dispose() => _idleTimer?.Dispose();

    private void LiftIfIdle()
    {
        lock (_lock)
        {
            if (!_inRequest && _soft != Unlimited)
            {
                Set(Unlimited);
            }
        }
    }

    private void Set(ulong soft)
    {
        _setSoft(soft);
        _soft = soft;
    }

    private static Action<ulong> NativeSoftLimit(int seconds)
    {
        // The hard limit cannot change under us (only root may raise it): read it once.
        var hard = seconds > 0 && LibC.getrlimit(LibC.RLIMIT_CPU, out var limit) == 0 ? limit.Maximum : Unlimited;
        return soft => LibC.setrlimit(LibC.RLIMIT_CPU, new LibC.RLimit { Current = Math.Min(soft, hard), Maximum = hard });
    }
}
