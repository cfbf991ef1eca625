namespace MiniOdooServer.Experiments.Sizing.Model;

/// <summary>
/// The model's figures for one configuration at one speed. <paramref name="Workers"/> is 0 for the threaded server
/// under the GIL (Odoo's <c>workers = 0</c>). The peak figures are the steady state at the log's busiest window
/// sped up <paramref name="Speed"/> times; <paramref name="P95Log"/> is the p95 over every request of the log replayed
/// at that speed (each window at its own rate), the figure a replay of the whole log measures.
/// Response times are seconds; <see cref="double.PositiveInfinity"/> when a resource is overloaded (utilisation ≥ 1).
/// </summary>
internal sealed record ModelPoint(int Workers, int Cores, double Speed, double ArrivalRate, double Utilisation,
    double CpuUtilisation, double ProbabilityOfWaiting, double PythonStretch, double MeanResponse, double P95Peak,
    double P95Log)
{
    public bool Stable => Utilisation < 1 && CpuUtilisation < 1;
}
