namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>One line of the worker table, whoever builds it (the master from its handles, <c>mini-odoo status</c> from the board).</summary>
/// <param name="LastExit">Who held this slot before and why it left (<c>1234 limit_request</c>), or null.</param>
/// <param name="Activity">The current request (<c>GET /web/health</c>), the longpolling worker's connections, or null.</param>
/// <param name="ActivityFor">How long the current request has run, when there is one.</param>
public sealed record WorkerTableRow(
    int Pid,
    string Role,
    int Generation,
    string State,
    long Served,
    TimeSpan Age,
    long ResidentBytes,
    TimeSpan CpuTime,
    string? LastExit,
    string? Activity,
    TimeSpan? ActivityFor);
