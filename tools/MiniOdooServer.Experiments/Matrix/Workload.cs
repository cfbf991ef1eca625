using System.Globalization;

namespace MiniOdooServer.Experiments.Matrix;

/// <summary>A bench route and what each request asks of the server: milliseconds of thread CPU time, then a wait in ms.</summary>
internal sealed record Workload(string Name, int CpuMs, int WaitMs)
{
    /// <summary>10 ms of the serving thread's CPU time per request.</summary>
    public static readonly Workload Cpu = new("cpu", CpuMs: 10, WaitMs: 0);

    /// <summary>A 20 ms wait that holds no thread, as a database call.</summary>
    public static readonly Workload Io = new("io", CpuMs: 0, WaitMs: 20);

    /// <summary>5 ms of computing then a 20 ms wait, as a typical Odoo request.</summary>
    public static readonly Workload Mixed = new("mixed", CpuMs: 5, WaitMs: 20);

    public static IReadOnlyList<Workload> All { get; } = [Cpu, Io, Mixed];

    /// <summary>The bench route: /bench/cpu, /bench/io or /bench/mixed with its parameters.</summary>
    public string Path => (CpuMs, WaitMs) switch
    {
        (_, 0) => "/bench/cpu?ms=" + Text(CpuMs),
        (0, _) => "/bench/io?ms=" + Text(WaitMs),
        _ => "/bench/mixed?units=" + Text(CpuMs) + "&ms=" + Text(WaitMs),
    };

    /// <summary>The most requests per second one process serving one request at a time can reach: 1000 / (wait + compute) ms.</summary>
    public double PerWorkerCeiling => 1000.0 / (WaitMs + CpuMs);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
