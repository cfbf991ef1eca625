namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// The distribution of per-request service time (SQL + Python seconds, what a worker is busy for). <see cref="Scv"/>
/// is the squared coefficient of variation (variance / mean²: 1 for exponential times), the figure the M/G/c
/// approximations use; <see cref="Quantiles"/> are <see cref="QuantileCount"/> equally likely values (the
/// (i + ½)/n-th quantiles), enough to convolve the service time with a waiting time.
/// </summary>
internal sealed record ServiceTimeStats(double Mean, double Scv, double P50, double P95, double P99, double Max,
    IReadOnlyList<double> Quantiles, double MeanPython, double MeanSql)
{
    public const int QuantileCount = 200;
}
