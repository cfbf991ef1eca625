namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// The scoreboard stayed in the middle of a write for the whole <see cref="SeqlockPatience"/>: its writer is most
/// likely stopped (SIGSTOP, a debugger). Callers answer with this message instead of waiting for the writer.
/// </summary>
public sealed class ScoreboardUnreadableException(string message) : Exception(message);
