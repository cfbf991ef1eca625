namespace MiniOdooServer.Roles;

/// <summary>How a role ended: the exit status, or a request to execute the program again in place (threaded SIGHUP).</summary>
internal sealed record RoleOutcome(int ExitCode, bool Reexecute = false)
{
    public static RoleOutcome Exit(int exitCode) => new(exitCode);

    public static readonly RoleOutcome ExecuteAgain = new(0, Reexecute: true);
}
