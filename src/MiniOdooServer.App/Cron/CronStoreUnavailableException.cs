namespace MiniOdooServer.App.Cron;

/// <summary>The cron store could not be reached (SQLite file, PostgreSQL server); the runner logs it and retries.</summary>
public sealed class CronStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
