namespace MiniOdooServer.App.Bus;

/// <summary>
/// One bus message as stored: its increasing id, its channel, and <paramref name="Message"/>, the JSON text
/// <c>{"type": ..., "payload": ...}</c> exactly as it was published (Odoo's <c>bus_bus.message</c>).
/// </summary>
public sealed record BusNotification(long Id, string Channel, string Message);
