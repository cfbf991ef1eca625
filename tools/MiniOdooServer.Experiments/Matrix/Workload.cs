using System.Globalization;

namespace MiniOdooServer.Experiments.Matrix;

/// <summary>A bench route and what each request asks of the server: CPU units of about 1 ms, then a wait in ms.</summary>
internal sealed record Workload(string Name, int CpuUnits, int WaitMs)
{
    /// <summary>10 ms of one core per request.</summary>
    public static readonly Workload Cpu = new("cpu", CpuUnits: 10, WaitMs: 0);

    /// <summary>A 20 ms wait that holds no thread, as a database call.</summary>
    public static readonly Workload Io = new("io", CpuUnits: 0, WaitMs: 20);

    /// <summary>5 ms of computing then a 20 ms wait, as a typical Odoo request.</summary>
    public static readonly Workload Mixed = new("mixed", CpuUnits: 5, WaitMs: 20);

    public static IReadOnlyList<Workload> All { get; } = [Cpu, Io, Mixed];

    /// <summary>The bench route: /bench/cpu, /bench/io or /bench/mixed with its parameters.</summary>
    public string Path => (CpuUnits, WaitMs) switch
    {
        (_, 0) => "/bench/cpu?units=" + Text(CpuUnits),
        (0, _) => "/bench/io?ms=" + Text(WaitMs),
        _ => "/bench/mixed?units=" + Text(CpuUnits) + "&ms=" + Text(WaitMs),
    };

    /// <summary>The most requests per second one process serving one request at a time can reach: 1000 / (wait + compute) ms.</summary>
    public double PerWorkerCeiling => 1000.0 / (WaitMs + CpuUnits);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
