namespace MiniOdooServer.Experiments.Sizing.Replay;

/// <summary>
/// What came back for one replayed request: a 2xx from a mini-odoo process that named itself (<paramref name="Pid"/>,
/// <paramref name="Role"/>), or the failure in a few words (a status, a socket error, an answer naming no process).
/// </summary>
internal readonly record struct ReplayAnswer(bool Ok, int Status, int Pid, string? Role, string? Error)
{
    public static ReplayAnswer Served(int status, int pid, string role) => new(true, status, pid, role, null);

    public static ReplayAnswer Failed(int status, string error) => new(false, status, 0, null, error);
}
