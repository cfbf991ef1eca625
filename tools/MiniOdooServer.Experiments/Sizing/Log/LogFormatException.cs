namespace MiniOdooServer.Experiments.Sizing.Log;

/// <summary>
/// A log that cannot be sized: not found, binary, no access line, cut off. The message is one line meant for the user;
/// the verb prints it and exits non-zero, without a stack trace.
/// </summary>
internal sealed class LogFormatException(string message, Exception? inner = null) : Exception(message, inner);
