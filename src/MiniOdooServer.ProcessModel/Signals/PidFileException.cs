namespace MiniOdooServer.ProcessModel.Signals;

/// <summary>The pidfile cannot be claimed: it names another live mini-odoo, or it cannot be written. The message says which.</summary>
public sealed class PidFileException(string message) : Exception(message);
