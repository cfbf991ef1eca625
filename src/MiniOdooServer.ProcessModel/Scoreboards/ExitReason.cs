namespace MiniOdooServer.ProcessModel.Scoreboards;

/// <summary>
/// Why a worker was recycled, killed or lost, as a fixed set (a Prometheus label must not take free text: the
/// log line keeps the details).
/// </summary>
public enum ExitReason
{
    Other = 0,
    LimitRequest = 1,
    LimitMemorySoft = 2,
    LimitMemoryHard = 3,
    LimitTimeCpu = 4,
    LimitTimeReal = 5,
    BootTimeout = 6,
    Reload = 7,
    Ttou = 8,
    Stop = 9,
    Crash = 10,
    BootFailure = 11,
    LimitTimeWorkerCron = 12,
    LimitTimeHeartbeatGevent = 13,
}

public static class ExitReasons
{
    /// <summary>Room for reasons in the board's counter tables.</summary>
    public const int Capacity = 16;

    /// <summary>The category of one of the master's or a worker's reason texts ("limit_request", "boot timeout", …).</summary>
    public static ExitReason Classify(string reason)
    {
        if (reason.Contains("stopping", StringComparison.Ordinal) || reason.StartsWith("forced", StringComparison.Ordinal))
        {
            return ExitReason.Stop;
        }
        return reason switch
        {
            _ when reason.StartsWith("limit_request", StringComparison.Ordinal) => ExitReason.LimitRequest,
            _ when reason.StartsWith("limit_memory_soft", StringComparison.Ordinal) => ExitReason.LimitMemorySoft,
            _ when reason.StartsWith("limit_memory_hard", StringComparison.Ordinal) => ExitReason.LimitMemoryHard,
            _ when reason.StartsWith("limit_time_cpu", StringComparison.Ordinal) => ExitReason.LimitTimeCpu,
            _ when reason.StartsWith("limit_time_real", StringComparison.Ordinal) => ExitReason.LimitTimeReal,
            _ when reason.StartsWith("limit_time_worker_cron", StringComparison.Ordinal) => ExitReason.LimitTimeWorkerCron,
            _ when reason.StartsWith("limit_time_heartbeat_gevent", StringComparison.Ordinal) => ExitReason.LimitTimeHeartbeatGevent,
            _ when reason.StartsWith("boot timeout", StringComparison.Ordinal) => ExitReason.BootTimeout,
            _ when reason.StartsWith("replaced by generation", StringComparison.Ordinal) => ExitReason.Reload,
            "SIGTTOU" => ExitReason.Ttou,
            _ => ExitReason.Other,
        };
    }

    /// <summary>The label value: <c>limit_request</c>, <c>crash</c>, …</summary>
    public static string Label(this ExitReason reason) => reason switch
    {
        ExitReason.LimitRequest => "limit_request",
        ExitReason.LimitMemorySoft => "limit_memory_soft",
        ExitReason.LimitMemoryHard => "limit_memory_hard",
        ExitReason.LimitTimeCpu => "limit_time_cpu",
        ExitReason.LimitTimeReal => "limit_time_real",
        ExitReason.BootTimeout => "boot_timeout",
        ExitReason.Reload => "reload",
        ExitReason.Ttou => "ttou",
        ExitReason.Stop => "stop",
        ExitReason.Crash => "crash",
        ExitReason.BootFailure => "boot_failure",
        ExitReason.LimitTimeWorkerCron => "limit_time_worker_cron",
        ExitReason.LimitTimeHeartbeatGevent => "limit_time_heartbeat_gevent",
        _ => "other",
    };
}
