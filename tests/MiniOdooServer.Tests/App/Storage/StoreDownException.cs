namespace MiniOdooServer.Tests.App.Storage;

/// <summary>A store's "unavailable" exception, as the bus and cron stores each have one.</summary>
public sealed class StoreDownException(string message, Exception inner) : Exception(message, inner);
