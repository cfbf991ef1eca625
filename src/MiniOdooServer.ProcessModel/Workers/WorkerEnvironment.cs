using System.Globalization;

namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>
/// What a master hands a worker besides its arguments: the descriptors it inherits and its generation, as
/// environment variables (like systemd's LISTEN_FDS). A worker reads them once at start.
/// </summary>
public sealed record WorkerEnvironment(int? ListenFd, string StatusPipe, string ControlPipe, int Generation, int ScoreboardFd, int ScoreboardSlot)
{
    public const string ListenFdVariable = "MINI_ODOO_LISTEN_FD";
    public const string StatusPipeVariable = "MINI_ODOO_STATUS_PIPE";
    public const string ControlPipeVariable = "MINI_ODOO_CONTROL_PIPE";
    public const string GenerationVariable = "MINI_ODOO_GENERATION";
    public const string ScoreboardVariable = "MINI_ODOO_SCOREBOARD";

    public IEnumerable<KeyValuePair<string, string>> ToVariables()
    {
        if (ListenFd is { } fd)
        {
            yield return new(ListenFdVariable, fd.ToString(CultureInfo.InvariantCulture));
        }
        yield return new(StatusPipeVariable, StatusPipe);
        yield return new(ControlPipeVariable, ControlPipe);
        yield return new(GenerationVariable, Generation.ToString(CultureInfo.InvariantCulture));
        yield return new(ScoreboardVariable, string.Create(CultureInfo.InvariantCulture, $"{ScoreboardFd}:{ScoreboardSlot}"));
    }

    /// <summary>Reads the variables; null when this process was not started by a master.</summary>
    public static WorkerEnvironment? Read(Func<string, string?> environment)
    {
        var status = environment(StatusPipeVariable);
        var control = environment(ControlPipeVariable);
        var scoreboard = environment(ScoreboardVariable)?.Split(':');
        if (status is null || control is null || scoreboard is not [var boardText, var slotText] ||
            !int.TryParse(boardText, CultureInfo.InvariantCulture, out var board) ||
            !int.TryParse(slotText, CultureInfo.InvariantCulture, out var slot))
        {
            return null;
        }
        int? listen = int.TryParse(environment(ListenFdVariable), CultureInfo.InvariantCulture, out var fd) ? fd : null;
        var generation = int.TryParse(environment(GenerationVariable), CultureInfo.InvariantCulture, out var g) ? g : 0;
        return new WorkerEnvironment(listen, status, control, generation, board, slot);
    }
}
