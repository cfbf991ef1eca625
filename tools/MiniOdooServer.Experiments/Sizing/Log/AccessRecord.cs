namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// One HTTP request as Odoo's access line tells it. <see cref="LoggedAtUtc"/> is the line's own timestamp, taken as
/// written (server-local time, no zone conversion; "Utc" only says no conversion will be applied): Odoo logs the line
/// when the answer is done, so the request started <see cref="SqlSeconds"/> + <see cref="PythonSeconds"/> earlier.
/// </summary>
/// <param name="Path">The request target as logged, query string included.</param>
/// <param name="Route">The path normalised for grouping: ids replaced, query string dropped (see <see cref="RouteNormalizer"/>).</param>
/// <param name="Queries">SQL queries the request ran.</param>
/// <param name="SqlSeconds">Seconds spent waiting for PostgreSQL.</param>
/// <param name="PythonSeconds">The remaining seconds of the request: Python work (CPU, under the GIL in one process).</param>
/// <param name="CursorMode">Odoo 17+'s fourth field (<c>ro</c>, <c>rw</c>, <c>ro-&gt;rw</c>), null when absent or <c>-</c>.</param>
internal sealed record AccessRecord(DateTime LoggedAtUtc, string Method, string Path, string Route, int Status,
    int Queries, double SqlSeconds, double PythonSeconds, string? CursorMode)
{
    public DateTime StartUtc => LoggedAtUtc - TimeSpan.FromSeconds(SqlSeconds + PythonSeconds);

    /// <summary>Wall time the request took in the server: what a worker was busy for.</summary>
    public double ServiceSeconds => SqlSeconds + PythonSeconds;
}
