using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// <c>limit_time_cpu</c> as Odoo enforces it: before each request the soft RLIMIT_CPU is set to the CPU time used so
/// far plus the limit, so the kernel sends SIGXCPU when one request burns more. A worker serves one request at a
/// time, so the process's CPU time is the request's. After the request the limit is lifted again, so that an idle
/// worker's own housekeeping can never reach it. Two system calls per request: getrusage and setrlimit.
/// </summary>
public sealed class CpuTimeLimit
{
    private const ulong Unlimited = ulong.MaxValue;

    private readonly int _seconds;
    private readonly ulong _hardLimit;

    public CpuTimeLimit(int seconds)
    {
        _seconds = seconds;
        // The hard limit cannot change under us (only root may raise it): read it once.
        _hardLimit = seconds > 0 && LibC.getrlimit(LibC.RLIMIT_CPU, out var limit) == 0 ? limit.Maximum : Unlimited;
    }

    public int Seconds => _seconds;

    /// <summary>The process's CPU time when the limit was last armed.</summary>
    public TimeSpan UsedAtLastArm { get; private set; }

    public void Arm()
    {
        UsedAtLastArm = Environment.CpuUsage.TotalTime;
        if (_seconds > 0)
        {
            Set((ulong)Math.Ceiling(UsedAtLastArm.TotalSeconds) + (ulong)_seconds);
        }
    }

    public void Disarm()
    {
        if (_seconds > 0)
        {
            Set(Unlimited);
        }
    }

    private void Set(ulong softSeconds) =>
        LibC.setrlimit(LibC.RLIMIT_CPU, new LibC.RLimit { Current = Math.Min(softSeconds, _hardLimit), Maximum = _hardLimit });
}
