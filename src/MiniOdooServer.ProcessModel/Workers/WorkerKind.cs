namespace MiniOdooServer.ProcessModel.Workers;

/// <summary>The kinds of process a master supervises.</summary>
public enum WorkerKind
{
    Http,
    Cron,
    LongPolling,

    /// <summary>Not a worker: the threaded server's one process, shown in its own status view with the same slot.</summary>
    Threaded,
}

/// <summary>Names of a worker kind: the role argument it is started with, and Odoo's class name used in log lines.</summary>
public static class WorkerKinds
{
    public static string Role(this WorkerKind kind) => kind switch
    {
        WorkerKind.Http => "http",
        WorkerKind.Cron => "cron",
        WorkerKind.Threaded => "threaded",
        _ => "longpolling",
    };

    /// <summary>Odoo's names, so that "Worker WorkerHTTP (1234) alive" reads as in Odoo's logs.</summary>
    public static string OdooName(this WorkerKind kind) => kind switch
    {
        WorkerKind.Http => "WorkerHTTP",
        WorkerKind.Cron => "WorkerCron",
        WorkerKind.Threaded => "ThreadedServer",
        _ => "WorkerLongPolling",
    };

    public static WorkerKind? FromRole(string? role) => role switch
    {
        "http" => WorkerKind.Http,
        "cron" => WorkerKind.Cron,
        "longpolling" => WorkerKind.LongPolling,
        _ => null,
    };
}
