using MiniOdooServer.ProcessModel.Native;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// <c>limit_time_cpu</c> as Odoo enforces it: before each request the soft RLIMIT_CPU is set to the CPU time used so
/// far plus the limit, so the kernel sends SIGXCPU when one request burns more. A worker serves one request at a
/// time, so the process's CPU time is the request's. After the request the limit is lifted again.
/// </summary>
public sealed class CpuTimeLimit(int seconds)
{
    private const ulong Unlimited = ulong.MaxValue;

    public int Seconds => seconds;

    public void Arm()
    {
        if (seconds <= 0)
        {
            return;
        }
        var used = (ulong)Math.Ceiling(Environment.CpuUsage.TotalTime.TotalSeconds);
        Set(used + (ulong)seconds);
    }

    public void Disarm()
    {
        if (seconds > 0)
        {
            Set(Unlimited);
        }
    }

    private static void Set(ulong softSeconds)
    {
        if (LibC.getrlimit(LibC.RLIMIT_CPU, out var limit) != 0)
        {
            return;
        }
        limit.Current = Math.Min(softSeconds, limit.Maximum);
        LibC.setrlimit(LibC.RLIMIT_CPU, limit);
    }
}
