using System.ComponentModel;
using System.Runtime.InteropServices;

namespace MiniOdooServer.App.Modules.Bench;

/// <summary>
/// The calling thread's own CPU time (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>): it advances only while this
/// thread runs, so work measured with it is the same on an idle or a loaded machine. The App knows nothing of
/// processes (no reference to the process model's LibC), hence this small file of its own. Source-generated
/// (LibraryImport), so Native AOT needs no runtime marshalling.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int CLOCK_THREAD_CPUTIME_ID = 3;

    /// <summary>The CPU time this thread has used since it started (nanosecond resolution, rounded to 100 ns ticks).</summary>
    public static TimeSpan Now
    {
        get
        {
            if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, out var time) != 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
            }
            return TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / TimeSpan.NanosecondsPerTick);
        }
    }

    /// <summary>struct timespec of x86-64 Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clock, out Timespec time);
}
