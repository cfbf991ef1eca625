namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>One normalised route's share of the log.</summary>
internal sealed record RouteLoad(string Route, long Requests, double SqlSeconds, double PythonSeconds, long Queries)
{
    public double MeanSeconds => Requests == 0 ? 0 : (SqlSeconds + PythonSeconds) / Requests;
}
